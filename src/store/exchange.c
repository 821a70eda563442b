/* Exchange of places between regions: the federation's tables
 * (store/exchange.h, migration 014). */
#include "store/exchange.h"

#include "domain/pattern.h"
#include "domain/week.h"
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Runs sql and appends each row to *out (a new JSON array) as an object:
 * names is the columns' names, comma-separated, and cols a letter each: 'i'
 * a number, 't' text (NULL is null), 'j' JSON text, 'w' a week serial as
 * "2027-W10", 'p' a pattern mask as an array of names.
 */
static int xstore_rows(struct store *s, struct err_info *ei, json_t **out,
                       const char *names, const char *cols, const char *sql,
                       const char *types, ...)
{
    struct store_stmt *st = NULL;
    *out = json_array();
    int rc = store__prepare(s, sql, &st, ei);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, types);
    int src = store__bindv(st, types, ap);
    va_end(ap);
    if (src != STORE_OK) {
        store__finalize(st);
        return store__db_error(s, ei);
    }
    int step;
    while ((step = store__step(st)) == STORE_ROW) {
        json_t *o = json_object();
        const char *n = names;
        for (int c = 0; cols[c]; c++) {
            char name[40];
            size_t len = strcspn(n, ",");
            snprintf(name, sizeof(name), "%.*s", (int)len, n);
            n += len + (n[len] == ',');
            json_t *v = NULL;
            if (store__col_null(st, c)) {
                v = json_null();
            } else if (cols[c] == 'i') {
                v = json_integer(store__col_int64(st, c));
            } else if (cols[c] == 't') {
                v = json_string(store__col_text(st, c));
            } else if (cols[c] == 'j') {
                v = json_loads(store__col_text(st, c), 0, NULL);
                if (!v)
                    v = json_null();
            } else if (cols[c] == 'w') {
                char w[16];
                week_format(store__col_int(st, c), w);
                v = json_string(w);
            } else if (cols[c] == 'p') {
                unsigned mask = (unsigned)store__col_int(st, c);
                v = json_array();
                for (int p = 0; p < PATTERN_COUNT; p++)
                    if (mask & (1u << p))
                        json_array_append_new(
                            v, json_string(pattern_name((enum pattern)p)));
            }
            json_object_set_new(o, name, v ? v : json_null());
        }
        json_array_append_new(*out, o);
    }
    if (step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- peers ---- */

#define XPEER_COLUMNS                                                          \
    "id, code, name, url, pin, ca_file, peer_token, state, created_at, "       \
    "coalesce(seen_at, 0) "

static void xpeer_read(struct store_stmt *st, struct xpeer *p)
{
    memset(p, 0, sizeof(*p));
    p->id = store__col_int64(st, 0);
    store__column_text(st, 1, p->code, sizeof(p->code));
    store__column_text(st, 2, p->name, sizeof(p->name));
    store__column_text(st, 3, p->url, sizeof(p->url));
    store__column_text(st, 4, p->pin, sizeof(p->pin));
    store__column_text(st, 5, p->ca_file, sizeof(p->ca_file));
    store__column_text(st, 6, p->peer_token, sizeof(p->peer_token));
    store__column_text(st, 7, p->state, sizeof(p->state));
    p->created_at = store__col_int64(st, 8);
    p->seen_at = store__col_int64(st, 9);
}

/* Steps st to its one peer row into out. */
static int xpeer_one(struct store *s, struct store_stmt *st, struct xpeer *out,
                     struct err_info *ei, const char *what)
{
    int step = store__step(st);
    int rc = 0;
    if (step == STORE_ROW)
        xpeer_read(st, out);
    else if (step == STORE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, "peer", "no such peer%s", what);
    else
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

static json_t *xpeer_audit_json(const struct xpeer *p)
{
    /* Never a token: the audit log is read more widely than this table. */
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "code", p->code, "name",
                     p->name, "url", p->url, "state", p->state, "pinned",
                     p->pin[0] != '\0', "token_set", p->peer_token[0] != '\0');
}

int store_xpeer_create(struct store *s, struct xpeer *p, const char *token_hash,
                       struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    p->created_at = store_now(s);
    rc = store__exec(s, ei, &p->id,
                     "INSERT INTO xpeer (code, name, url, pin, ca_file, "
                     "token_hash, peer_token, state, created_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     "ttttttttl", p->code, p->name, p->url, p->pin, p->ca_file,
                     token_hash, p->peer_token, p->state, p->created_at);
    if (rc)
        rc = store__name_failure(ei, rc, "code", NULL);
    if (rc == 0)
        rc = store__audit(s, "xpeer", "insert", p->id, NULL,
                          xpeer_audit_json(p), ei);
    return store__write_end(s, rc);
}

int store_xpeer_update(struct store *s, const struct xpeer *p,
                       const char *token_hash, struct err_info *ei)
{
    struct xpeer before;
    int rc = store__write_begin(s, ei);
    if (rc == 0)
        rc = store_xpeer_get(s, p->id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xpeer SET url = ?, pin = ?, ca_file = ?, "
                         "peer_token = ?, state = ?, "
                         "token_hash = coalesce(?, token_hash) WHERE id = ?",
                         "tttttTl", p->url, p->pin, p->ca_file, p->peer_token,
                         p->state, token_hash ? token_hash : "", p->id);
    if (rc == 0)
        rc = store__audit(s, "xpeer", "update", p->id,
                          xpeer_audit_json(&before), xpeer_audit_json(p), ei);
    return store__write_end(s, rc);
}

int store_xpeer_get(struct store *s, int64_t id, struct xpeer *out,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT " XPEER_COLUMNS "FROM xpeer WHERE id = ?", "l", id);
    return rc ? rc : xpeer_one(s, st, out, ei, "");
}

int store_xpeer_by_code(struct store *s, const char *code, struct xpeer *out,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " XPEER_COLUMNS
                          "FROM xpeer WHERE code = ? AND state <> 'removed'",
                          "t", code);
    return rc ? rc : xpeer_one(s, st, out, ei, " of that code");
}

int store_xpeer_by_token(struct store *s, const char *token_hash,
                         struct xpeer *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " XPEER_COLUMNS "FROM xpeer WHERE "
                          "token_hash = ? AND state <> 'removed'",
                          "t", token_hash);
    return rc ? rc : xpeer_one(s, st, out, ei, " with that token");
}

int store_xpeer_list(struct store *s, json_t **out, struct err_info *ei)
{
    int rc = xstore_rows(
        s, ei, out,
        "id,code,name,url,state,pinned,ca_file,token_set,created_at,seen_at,"
        "queued,failed",
        "itttttttiiii",
        "SELECT p.id, p.code, p.name, p.url, p.state, "
        "CASE WHEN p.pin <> '' THEN 'yes' ELSE 'no' END, p.ca_file, "
        "CASE WHEN p.peer_token <> '' THEN 'yes' ELSE 'no' END, "
        "p.created_at, p.seen_at, "
        "(SELECT count(*) FROM xmessage m WHERE m.peer_id = p.id "
        "AND m.direction = 'out' AND m.state = 'queued'), "
        "(SELECT count(*) FROM xmessage m WHERE m.peer_id = p.id "
        "AND m.direction = 'out' AND m.state = 'failed') "
        "FROM xpeer p WHERE p.state <> 'removed' ORDER BY p.code",
        "");
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row)
    {
        for (int k = 0; k < 2; k++) {
            const char *key = k ? "token_set" : "pinned";
            const char *v = json_string_value(json_object_get(row, key));
            json_object_set_new(row, key, json_boolean(v && v[0] == 'y'));
        }
    }
    return rc;
}

int store_xpeer_seen(struct store *s, int64_t id, struct err_info *ei)
{
    return store__exec(s, ei, NULL, "UPDATE xpeer SET seen_at = ? WHERE id = ?",
                       "ll", store_now(s), id);
}

/* ---- offers and wants ---- */

int store_xoffer_create(struct store *s, struct xoffer *o, struct err_info *ei)
{
    int rc = store__check_range(ei, "weeks", o->weeks, 1, 104);
    if (rc == 0)
        rc = store__check_range(ei, "seats", o->seats, 1, 100);
    if (rc == 0 && o->to_week <= o->from_week)
        rc = err_set(ei, ERR_INVAL, "to_week",
                     "to_week: must be after "
                     "from_week");
    if (rc == 0 && o->weeks > o->to_week - o->from_week)
        rc = err_set(ei, ERR_INVAL, "weeks",
                     "weeks: longer than the period offered");
    if (rc == 0)
        rc = store__check_text(ei, "contact_role", o->contact_role, 1,
                               sizeof(o->contact_role));
    if (rc == 0 &&
        (!strchr(o->contact_email, '@') || strlen(o->contact_email) < 3))
        rc = err_set(ei, ERR_INVAL, "contact_email",
                     "contact_email: not an e-mail address");
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    int64_t n = 0;
    rc = store__count(s, ei, &n,
                      "SELECT count(*) FROM unit WHERE id = ? "
                      "AND takes_trainees = 1",
                      "l", o->unit_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_INVAL, "unit_id",
                     "unit_id: no unit %lld that takes trainees",
                     (long long)o->unit_id);
    if (rc == 0)
        rc = store__exec(
            s, ei, &o->id,
            "INSERT INTO xoffer (unit_id, from_week, to_week, weeks, "
            "patterns, seats, contact_role, contact_email, state, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?) "
            "RETURNING id",
            "liiiiittl", o->unit_id, o->from_week, o->to_week, o->weeks,
            (int)o->patterns, o->seats, o->contact_role, o->contact_email,
            store_now(s));
    if (rc == 0)
        rc = store__audit(
            s, "xoffer", "insert", o->id, NULL,
            json_pack("{s:I, s:i, s:i, s:i, s:i, s:i, s:s, s:s}", "unit_id",
                      (json_int_t)o->unit_id, "from_week", o->from_week,
                      "to_week", o->to_week, "weeks", o->weeks, "patterns",
                      (int)o->patterns, "seats", o->seats, "contact_role",
                      o->contact_role, "contact_email", o->contact_email),
            ei);
    return store__write_end(s, rc);
}

/* Sets the state of row id of an offer or a want from one value to
 * another, with its audit row. */
static int xstate_set(struct store *s, int want, int64_t id, const char *from,
                      const char *to, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    int64_t n = 0;
    if (rc == 0)
        rc = want ? store__count(s, ei, &n,
                                 "SELECT count(*) FROM xwant WHERE id = ? "
                                 "AND state = ?",
                                 "lt", id, from)
                  : store__count(s, ei, &n,
                                 "SELECT count(*) FROM xoffer WHERE id = ? "
                                 "AND state = ?",
                                 "lt", id, from);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "no %s %lld",
                     want ? "open want" : "published offer", (long long)id);
    if (rc == 0)
        rc = want ? store__exec(s, ei, NULL,
                                "UPDATE xwant SET state = ? WHERE id = ?", "tl",
                                to, id)
                  : store__exec(s, ei, NULL,
                                "UPDATE xoffer SET state = ? WHERE id = ?",
                                "tl", to, id);
    if (rc == 0)
        rc = store__audit(s, want ? "xwant" : "xoffer", "update", id,
                          json_pack("{s:s}", "state", from),
                          json_pack("{s:s}", "state", to), ei);
    return store__write_end(s, rc);
}

int store_xoffer_withdraw(struct store *s, int64_t id, struct err_info *ei)
{
    return xstate_set(s, 0, id, "published", "withdrawn", ei);
}

/* Seats of an offer held: requests accepted, and swap legs approved. */
#define XOFFER_HELD                                                            \
    "(SELECT count(*) FROM xrequest r WHERE r.offer_id = o.id AND "            \
    "r.direction = 'in' AND (r.status = 'accepted' OR (r.status = "            \
    "'requested' AND r.swap_id IS NOT NULL)))"

int store_xoffer_free(struct store *s, int64_t id, int *free_seats,
                      struct err_info *ei)
{
    int64_t n = -1000;
    int rc = store__count(s, ei, &n,
                          "SELECT coalesce(max(o.seats - " XOFFER_HELD
                          "), -1000) FROM xoffer o WHERE o.id = ? "
                          "AND o.state = 'published'",
                          "l", id);
    if (rc == 0 && n == -1000)
        rc = err_set(ei, ERR_NOTFOUND, "offer", "no published offer %lld",
                     (long long)id);
    *free_seats = (int)n;
    return rc;
}

int store_xcatalog(struct store *s, json_t **body, struct err_info *ei)
{
    json_t *offers = NULL, *wants = NULL, *goals = NULL;
    int rc = xstore_rows(
        s, ei, &offers,
        "id,specialty,specialty_name,unit,site,from_week,to_week,weeks,"
        "patterns,seats,free,contact_role,contact_email",
        "ittttwwipiitt",
        "SELECT o.id, sp.code, sp.name_sv, u.name, coalesce(si.name, ''), "
        "o.from_week, o.to_week, o.weeks, o.patterns, o.seats, "
        "o.seats - " XOFFER_HELD ", o.contact_role, o.contact_email "
        "FROM xoffer o JOIN unit u ON u.id = o.unit_id "
        "JOIN specialty sp ON sp.id = u.specialty_id "
        "LEFT JOIN site si ON si.id = u.site_id "
        "WHERE o.state = 'published' ORDER BY o.id",
        "");
    if (rc == 0)
        rc = xstore_rows(s, ei, &goals, "offer,code", "it",
                         "SELECT o.id, g.code FROM xoffer o "
                         "JOIN unit_goal ug ON ug.unit_id = o.unit_id "
                         "JOIN goal g ON g.id = ug.goal_id "
                         "WHERE o.state = 'published' ORDER BY o.id, g.code",
                         "");
    if (rc == 0)
        rc = xstore_rows(s, ei, &wants,
                         "id,specialty,specialty_name,weeks,seats", "ittii",
                         "SELECT w.id, sp.code, sp.name_sv, w.weeks, w.seats "
                         "FROM xwant w JOIN specialty sp ON sp.id = "
                         "w.specialty_id WHERE w.state = 'open' ORDER BY w.id",
                         "");
    if (rc == 0) {
        size_t i, j;
        json_t *o, *g;
        json_array_foreach(offers, i, o)
        {
            json_t *list = json_array();
            json_int_t oid = json_integer_value(json_object_get(o, "id"));
            json_array_foreach(goals, j, g)
            {
                if (json_integer_value(json_object_get(g, "offer")) == oid &&
                    json_array_size(list) < 40)
                    json_array_append(list, json_object_get(g, "code"));
            }
            json_object_set_new(o, "goals", list);
            json_int_t f = json_integer_value(json_object_get(o, "free"));
            json_object_set_new(o, "free", json_integer(f < 0 ? 0 : f));
        }
        *body = json_pack("{s:o, s:o}", "offers", offers, "wants", wants);
        offers = wants = NULL;
    }
    json_decref(goals);
    json_decref(offers);
    json_decref(wants);
    return rc;
}

int store_xwant_create(struct store *s, int64_t specialty_id, int weeks,
                       int seats, int64_t *id, struct err_info *ei)
{
    int rc = store__check_range(ei, "weeks", weeks, 1, 104);
    if (rc == 0)
        rc = store__check_range(ei, "seats", seats, 1, 100);
    if (rc == 0)
        rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__exec(s, ei, id,
                     "INSERT INTO xwant (specialty_id, weeks, seats, state, "
                     "created_at) VALUES (?, ?, ?, 'open', ?) RETURNING id",
                     "liil", specialty_id, weeks, seats, store_now(s));
    if (rc)
        rc = store__name_failure(ei, rc, NULL, "specialty_id");
    if (rc == 0)
        rc = store__audit(s, "xwant", "insert", *id, NULL,
                          json_pack("{s:I, s:i, s:i}", "specialty_id",
                                    (json_int_t)specialty_id, "weeks", weeks,
                                    "seats", seats),
                          ei);
    return store__write_end(s, rc);
}

int store_xwant_withdraw(struct store *s, int64_t id, struct err_info *ei)
{
    return xstate_set(s, 1, id, "open", "withdrawn", ei);
}

int store_xwant_take(struct store *s, int64_t id, int seats,
                     struct err_info *ei)
{
    /* A seat received is taken even when the want was withdrawn or filled
     * meanwhile: every region of a swap books it alike. */
    int64_t left = 0;
    int rc = store__count(s, ei, &left,
                          "SELECT coalesce(max(seats), 0) FROM xwant "
                          "WHERE id = ? AND state = 'open'",
                          "l", id);
    if (rc == 0 && left > 0 && left <= seats)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xwant SET state = 'withdrawn' WHERE id = ?",
                         "l", id);
    else if (rc == 0 && left > seats)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xwant SET seats = seats - ? WHERE id = ?",
                         "il", seats, id);
    return rc;
}

/* ---- what peers publish ---- */

/* Writes entry e of kind, keeping the row (and its id, which this
 * region's users and requests name) of an entry published before. */
static int xremote_upsert(struct store *s, int64_t peer_id, const char *kind,
                          json_t *e, struct err_info *ei)
{
    char *doc = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = store__exec(
        s, ei, NULL,
        "INSERT INTO xremote (peer_id, kind, remote_id, specialty, weeks, "
        "seats, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (peer_id, "
        "kind, remote_id) DO UPDATE SET specialty = excluded.specialty, "
        "weeks = excluded.weeks, seats = excluded.seats, doc = excluded.doc",
        "ltltiit", peer_id, kind,
        (int64_t)json_integer_value(json_object_get(e, "id")),
        json_string_value(json_object_get(e, "specialty")),
        (int)json_integer_value(json_object_get(e, "weeks")),
        (int)json_integer_value(
            json_object_get(e, strcmp(kind, "offer") == 0 ? "free" : "seats")),
        doc);
    free(doc);
    return rc;
}

int store_xremote_replace(struct store *s, int64_t peer_id, json_t *body,
                          struct err_info *ei)
{
    /* Every entry of the peer is marked (seats -1), those of the new
     * catalogue written over, and the marked ones left are gone. */
    int rc = store__write_begin(s, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xremote SET seats = -1 WHERE peer_id = ?", "l",
                         peer_id);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(body, "offers"), i, e)
    {
        if (rc == 0)
            rc = xremote_upsert(s, peer_id, "offer", e, ei);
    }
    json_array_foreach(json_object_get(body, "wants"), i, e)
    {
        if (rc == 0)
            rc = xremote_upsert(s, peer_id, "want", e, ei);
    }
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM xremote WHERE peer_id = ? AND seats = -1",
                         "l", peer_id);
    return store__write_end(s, rc);
}

int store_xremote_list(struct store *s, const char *kind, json_t **out,
                       struct err_info *ei)
{
    json_t *rows = NULL;
    int rc =
        xstore_rows(s, ei, &rows, "local_id,peer_id,code,name,doc", "iittj",
                    "SELECT r.id, p.id, p.code, p.name, r.doc FROM "
                    "xremote r JOIN xpeer p ON p.id = r.peer_id "
                    "WHERE r.kind = ? AND p.state = 'active' "
                    "ORDER BY p.code, r.remote_id",
                    "t", kind);
    if (rc) {
        json_decref(rows);
        return rc;
    }
    *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *doc = json_object_get(row, "doc");
        if (!json_is_object(doc))
            continue;
        json_t *o = json_deep_copy(doc);
        json_object_set(o, "remote_id", json_object_get(o, "id"));
        json_object_set(o, "id", json_object_get(row, "local_id"));
        json_object_set_new(o, "peer",
                            json_pack("{s:O, s:O, s:O}", "id",
                                      json_object_get(row, "peer_id"), "code",
                                      json_object_get(row, "code"), "name",
                                      json_object_get(row, "name")));
        json_array_append_new(*out, o);
    }
    json_decref(rows);
    return 0;
}

int store_xremote_get(struct store *s, int64_t id, json_t **doc,
                      int64_t *peer_id, struct err_info *ei)
{
    json_t *rows = NULL;
    int rc = xstore_rows(s, ei, &rows, "peer_id,doc", "ij",
                         "SELECT r.peer_id, r.doc FROM xremote r JOIN xpeer p "
                         "ON p.id = r.peer_id WHERE r.id = ? AND "
                         "r.kind = 'offer' AND p.state = 'active'",
                         "l", id);
    if (rc == 0 && json_array_size(rows) == 0)
        rc = err_set(ei, ERR_INVAL, "offer_id",
                     "offer_id: no offer %lld of a connected region",
                     (long long)id);
    if (rc == 0) {
        json_t *r = json_array_get(rows, 0);
        *peer_id = json_integer_value(json_object_get(r, "peer_id"));
        *doc = json_incref(json_object_get(r, "doc"));
    }
    json_decref(rows);
    return rc;
}

/* ---- requests ---- */

#define XREQUEST_COLUMNS                                                       \
    "id, ref, direction, peer_id, coalesce(offer_id, 0), "                     \
    "coalesce(remote_id, 0), coalesce(trainee_id, 0), coalesce(need_id, 0), "  \
    "specialty, goals, start_week, weeks, pattern, status, "                   \
    "coalesce(swap_id, 0) "

static void xrequest_read(struct store_stmt *st, struct xrequest *r)
{
    memset(r, 0, sizeof(*r));
    r->id = store__col_int64(st, 0);
    store__column_text(st, 1, r->ref, sizeof(r->ref));
    store__column_text(st, 2, r->direction, sizeof(r->direction));
    r->peer_id = store__col_int64(st, 3);
    r->offer_id = store__col_int64(st, 4);
    r->remote_id = store__col_int64(st, 5);
    r->trainee_id = store__col_int64(st, 6);
    r->need_id = store__col_int64(st, 7);
    store__column_text(st, 8, r->specialty, sizeof(r->specialty));
    store__column_text(st, 9, r->goals, sizeof(r->goals));
    r->start_week = store__col_int(st, 10);
    r->weeks = store__col_int(st, 11);
    store__column_text(st, 12, r->pattern, sizeof(r->pattern));
    store__column_text(st, 13, r->status, sizeof(r->status));
    r->swap_id = store__col_int64(st, 14);
}

static json_t *xrequest_audit_json(const struct xrequest *r)
{
    return json_pack(
        "{s:s, s:s, s:I, s:I, s:I, s:s, s:i, s:i, s:s, s:s}", "ref", r->ref,
        "direction", r->direction, "peer_id", (json_int_t)r->peer_id,
        "offer_id", (json_int_t)r->offer_id, "need_id", (json_int_t)r->need_id,
        "specialty", r->specialty, "start_week", r->start_week, "weeks",
        r->weeks, "pattern", r->pattern, "status", r->status);
}

/* A request in holds or frees a seat of a unit (xheld.c), which the place
 * overview counts: its cache must see the change, as a booking's (the
 * triggers of migration 002 do that for bookings). */
static int xrequest_seats_changed(struct store *s, const char *direction,
                                  int64_t offer_id, struct err_info *ei)
{
    if (strcmp(direction, "in") != 0 || !offer_id)
        return 0;
    return store__exec(s, ei, NULL,
                       "UPDATE generation SET value = value + 1 WHERE id = 1",
                       "");
}

int store_xrequest_create(struct store *s, struct xrequest *r,
                          struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t now = store_now(s);
    rc = store__exec(
        s, ei, &r->id,
        "INSERT INTO xrequest (ref, direction, peer_id, offer_id, remote_id, "
        "trainee_id, need_id, specialty, goals, start_week, weeks, pattern, "
        "status, swap_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "ttlddddttiittdll", r->ref, r->direction, r->peer_id, r->offer_id,
        r->remote_id, r->trainee_id, r->need_id, r->specialty,
        r->goals[0] ? r->goals : "[]", r->start_week, r->weeks, r->pattern,
        r->status, r->swap_id, now, now);
    if (rc)
        rc = store__name_failure(ei, rc, "ref", "offer_id");
    if (rc == 0 && strcmp(r->direction, "out") == 0 && r->need_id &&
        strcmp(r->status, "accepted") == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE rotation_need SET status = 'booked' "
                         "WHERE id = ?",
                         "l", r->need_id);
    if (rc == 0)
        rc = xrequest_seats_changed(s, r->direction, r->offer_id, ei);
    if (rc == 0)
        rc = store__audit(s, "xrequest", "insert", r->id, NULL,
                          xrequest_audit_json(r), ei);
    return store__write_end(s, rc);
}

static int xrequest_one(struct store *s, struct store_stmt *st,
                        struct xrequest *out, struct err_info *ei)
{
    int step = store__step(st);
    int rc = 0;
    if (step == STORE_ROW)
        xrequest_read(st, out);
    else if (step == STORE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, "id", "no such request");
    else
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_xrequest_get(struct store *s, int64_t id, struct xrequest *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT " XREQUEST_COLUMNS "FROM xrequest WHERE id = ?",
        "l", id);
    return rc ? rc : xrequest_one(s, st, out, ei);
}

int store_xrequest_by_ref(struct store *s, int64_t peer_id,
                          const char *direction, const char *ref,
                          struct xrequest *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " XREQUEST_COLUMNS "FROM xrequest WHERE "
                          "peer_id = ? AND direction = ? AND ref = ?",
                          "ltt", peer_id, direction, ref);
    return rc ? rc : xrequest_one(s, st, out, ei);
}

/* Refuses the first week where the unit has seats of its own and holds
 * more than them (store_unit_overbooked). */
static int xrequest_overbooked(int week, int seats, int occupancy, void *arg)
{
    struct err_info *ei = arg;
    if (seats <= 0)
        return 0; /* no capacity period: the offer is the unit's place */
    char w[16];
    week_format(week, w);
    return err_set(ei, ERR_CONFLICT, "offer",
                   "the unit is full in week %s (%d.%02d of %d seats taken "
                   "with this request): its own bookings took the seat",
                   w, occupancy / 100, occupancy % 100, seats);
}

/*
 * A request in accepted holds a seat of the offer's unit in its weeks,
 * which the unit's own bookings may have taken since the offer was
 * published: read inside the caller's write, after the acceptance, so
 * that a local booking and a peer's request never share a seat. A swap's
 * leg holds the offer's window and is checked when the swap is approved.
 */
static int xrequest_fits(struct store *s, const struct xrequest *r,
                         struct err_info *ei)
{
    if (strcmp(r->direction, "in") != 0 || !r->offer_id || r->swap_id)
        return 0;
    struct store_stmt *st = NULL;
    int64_t unit_id = 0;
    int rc = store__query(s, &st, ei, "SELECT unit_id FROM xoffer WHERE id = ?",
                          "l", r->offer_id);
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW)
        unit_id = store__col_int64(st, 0);
    else if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    if (rc || !unit_id)
        return rc;
    enum pattern pat = PATTERN_FULL;
    pattern_parse(r->pattern, &pat);
    int len = pattern_len(pat, r->weeks, 100);
    return store_unit_overbooked(s, unit_id, r->start_week,
                                 r->start_week + (len > 0 ? len : 1),
                                 xrequest_overbooked, ei, ei);
}

int store_xrequest_set_status(struct store *s, int64_t id, const char *status,
                              struct err_info *ei)
{
    struct xrequest before;
    int rc = store__write_begin(s, ei);
    if (rc == 0)
        rc = store_xrequest_get(s, id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xrequest SET status = ?, updated_at = ? "
                         "WHERE id = ?",
                         "tll", status, store_now(s), id);
    if (rc == 0)
        rc = xrequest_seats_changed(s, before.direction, before.offer_id, ei);
    if (rc == 0 && strcmp(status, "accepted") == 0)
        rc = xrequest_fits(s, &before, ei);
    /* The trainee's need follows an out request: booked while a region
     * holds the seat, open again when it does not. */
    if (rc == 0 && strcmp(before.direction, "out") == 0 && before.need_id) {
        int booked = strcmp(status, "accepted") == 0;
        rc = store__exec(s, ei, NULL,
                         "UPDATE rotation_need SET status = ? WHERE id = ? "
                         "AND status IN ('open', 'booked')",
                         "tl", booked ? "booked" : "open", before.need_id);
    }
    if (rc == 0) {
        struct xrequest after = before;
        snprintf(after.status, sizeof(after.status), "%s", status);
        rc = store__audit(s, "xrequest", "update", id,
                          xrequest_audit_json(&before),
                          xrequest_audit_json(&after), ei);
    }
    return store__write_end(s, rc);
}

int store_xrequest_list(struct store *s, const char *direction, json_t **out,
                        struct err_info *ei)
{
    return xstore_rows(
        s, ei, out,
        "id,ref,direction,peer_id,peer,offer_id,remote_id,trainee_id,need_id,"
        "specialty,goals,start_week,weeks,pattern,status,swap_id,created_at,"
        "updated_at",
        "ittititiitjwittiii",
        "SELECT r.id, r.ref, r.direction, r.peer_id, p.code, r.offer_id, "
        "r.remote_id, r.trainee_id, r.need_id, r.specialty, r.goals, "
        "r.start_week, r.weeks, r.pattern, r.status, r.swap_id, r.created_at, "
        "r.updated_at FROM xrequest r JOIN xpeer p ON p.id = r.peer_id "
        "WHERE (? = '' OR r.direction = ?) ORDER BY r.id DESC",
        "tt", direction ? direction : "", direction ? direction : "");
}

/* ---- swaps ---- */

int store_xswap_insert(struct store *s, const char *uid, const char *proposer,
                       json_t *legs, int weeks, int64_t *id,
                       struct err_info *ei)
{
    char *text = json_dumps(legs, JSON_COMPACT);
    int64_t now = store_now(s);
    int rc = store__write_begin(s, ei);
    if (rc == 0)
        rc = store__exec(s, ei, id,
                         "INSERT INTO xswap (uid, proposer, legs, state, "
                         "weeks, created_at, updated_at) VALUES (?, ?, ?, "
                         "'proposed', ?, ?, ?) RETURNING id",
                         "tttill", uid, proposer, text, weeks, now, now);
    if (rc)
        rc = store__name_failure(ei, rc, "uid", NULL);
    if (rc == 0)
        rc = store__audit(s, "xswap", "insert", *id, NULL,
                          json_pack("{s:s, s:s, s:O, s:i}", "uid", uid,
                                    "proposer", proposer, "legs", legs, "weeks",
                                    weeks),
                          ei);
    free(text);
    return store__write_end(s, rc);
}

#define XSWAP_NAMES "id,uid,proposer,legs,approvals,state,weeks,created_at"
#define XSWAP_COLS  "ittjjtii"
#define XSWAP_SELECT                                                           \
    "SELECT id, uid, proposer, legs, approvals, state, weeks, created_at "     \
    "FROM xswap "

int store_xswap_get(struct store *s, int64_t id, const char *uid, json_t **out,
                    struct err_info *ei)
{
    json_t *rows = NULL;
    int rc = xstore_rows(s, ei, &rows, XSWAP_NAMES, XSWAP_COLS,
                         XSWAP_SELECT "WHERE id = ? OR uid = ?", "lt", id,
                         uid ? uid : "");
    if (rc == 0 && json_array_size(rows) == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "no such swap");
    if (rc == 0)
        *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return rc;
}

int store_xswap_set(struct store *s, int64_t id, json_t *approvals,
                    const char *state, struct err_info *ei)
{
    char *text = json_dumps(approvals, JSON_COMPACT);
    int rc = store__write_begin(s, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE xswap SET approvals = ?, state = ?, "
                         "updated_at = ? WHERE id = ?",
                         "ttll", text, state, store_now(s), id);
    if (rc == 0)
        rc = store__audit(
            s, "xswap", "update", id, NULL,
            json_pack("{s:O, s:s}", "approvals", approvals, "state", state),
            ei);
    free(text);
    return store__write_end(s, rc);
}

int store_xswap_list(struct store *s, json_t **out, struct err_info *ei)
{
    return xstore_rows(s, ei, out, XSWAP_NAMES, XSWAP_COLS,
                       XSWAP_SELECT "ORDER BY id DESC", "");
}

/* ---- messages ---- */

int store_xmsg_queue(struct store *s, int64_t peer_id, const char *msg_id,
                     const char *kind, const char *body, struct err_info *ei)
{
    int64_t now = store_now(s);
    return store__exec(s, ei, NULL,
                       "INSERT INTO xmessage (msg_id, peer_id, direction, "
                       "kind, body, state, next_at, created_at) VALUES (?, "
                       "?, 'out', ?, ?, 'queued', ?, ?)",
                       "tlttll", msg_id, peer_id, kind, body, now, now);
}

int store_xmsg_received(struct store *s, int64_t peer_id, const char *msg_id,
                        const char *kind, const char *body, struct err_info *ei)
{
    int64_t n = 0;
    int rc = store__count(s, ei, &n,
                          "SELECT count(*) FROM xmessage WHERE peer_id = ? "
                          "AND direction = 'in' AND msg_id = ?",
                          "lt", peer_id, msg_id);
    if (rc == 0 && n > 0)
        return err_set(ei, ERR_CONFLICT, "id", "message %s was received before",
                       msg_id);
    int64_t now = store_now(s);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO xmessage (msg_id, peer_id, direction, "
                         "kind, body, state, next_at, created_at, done_at) "
                         "VALUES (?, ?, 'in', ?, ?, 'received', ?, ?, ?)",
                         "tlttlll", msg_id, peer_id, kind, body, now, now, now);
    return rc;
}

int store_xmsg_due(struct store *s, struct xmsg_due *out, int max, int *n,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    *n = 0;
    int rc = store__query(s, &st, ei,
                          "SELECT m.id, m.peer_id, m.attempts, m.body FROM "
                          "xmessage m JOIN xpeer p ON p.id = m.peer_id "
                          "WHERE m.direction = 'out' AND m.state = 'queued' "
                          "AND m.next_at <= ?1 AND p.state <> 'paused' "
                          "AND NOT EXISTS (SELECT 1 FROM xmessage e "
                          "WHERE e.peer_id = m.peer_id AND e.direction = "
                          "'out' AND e.state = 'queued' AND e.id < m.id "
                          "AND e.next_at > ?1) "
                          "ORDER BY m.id LIMIT ?2",
                          "li", store_now(s), max);
    int step = STORE_DONE;
    while (rc == 0 && *n < max && (step = store__step(st)) == STORE_ROW) {
        struct xmsg_due *d = &out[(*n)++];
        d->id = store__col_int64(st, 0);
        d->peer_id = store__col_int64(st, 1);
        d->attempts = store__col_int(st, 2);
        const char *b = store__col_text(st, 3);
        d->body = strdup(b ? b : "");
    }
    if (rc == 0 && step != STORE_DONE && step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_xmsg_sent(struct store *s, int64_t id, int delivered, int gave_up,
                    int64_t next_at, const char *error, struct err_info *ei)
{
    const char *state = delivered ? "sent" : gave_up ? "failed" : "queued";
    return store__exec(s, ei, NULL,
                       "UPDATE xmessage SET state = ?, attempts = attempts + "
                       "1, next_at = ?, last_error = ?, done_at = ? "
                       "WHERE id = ?",
                       "tltdl", state, next_at, error ? error : "",
                       delivered || gave_up ? store_now(s) : 0, id);
}

int store_xmsg_list(struct store *s, const char *direction, int limit,
                    json_t **out, struct err_info *ei)
{
    return xstore_rows(
        s, ei, out,
        "id,msg_id,peer,direction,kind,state,attempts,last_error,created_at,"
        "done_at,body",
        "itttttitiit",
        "SELECT m.id, m.msg_id, p.code, m.direction, m.kind, m.state, "
        "m.attempts, m.last_error, m.created_at, m.done_at, m.body FROM "
        "xmessage m JOIN xpeer p ON p.id = m.peer_id WHERE m.direction = ? "
        "ORDER BY m.id DESC LIMIT ?",
        "ti", direction, limit);
}

int store_xhistory(struct store *s, json_t **out, struct err_info *ei)
{
    json_t *rows = NULL;
    int rc = xstore_rows(s, ei, &rows, "direction,start_week,weeks", "tii",
                         "SELECT direction, start_week, weeks FROM xrequest "
                         "WHERE status = 'accepted' ORDER BY start_week",
                         "");
    if (rc) {
        json_decref(rows);
        return rc;
    }
    /* Summed per ISO year here: the two databases' date functions differ. */
    *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        int y, w;
        week_to_iso((int)json_integer_value(json_object_get(r, "start_week")),
                    &y, &w);
        int in = strcmp(json_string_value(json_object_get(r, "direction")),
                        "in") == 0;
        json_int_t weeks = json_integer_value(json_object_get(r, "weeks"));
        json_t *row = NULL;
        size_t j;
        json_t *e;
        json_array_foreach(*out, j, e)
        {
            if (json_integer_value(json_object_get(e, "year")) == y)
                row = e;
        }
        if (!row) {
            row = json_pack("{s:i, s:i, s:i, s:i, s:i}", "year", y, "in", 0,
                            "out", 0, "weeks_in", 0, "weeks_out", 0);
            json_array_append_new(*out, row);
        }
        /* "in": a peer's trainee came here (this region gave weeks);
         * "out": this region's trainee went away (it gained weeks). */
        const char *k = in ? "in" : "out";
        const char *kw = in ? "weeks_in" : "weeks_out";
        json_object_set_new(
            row, k,
            json_integer(json_integer_value(json_object_get(row, k)) + 1));
        json_object_set_new(
            row, kw,
            json_integer(json_integer_value(json_object_get(row, kw)) + weeks));
    }
    json_decref(rows);
    return 0;
}
