/*
 * Notifications in the store (issue 14): telling one user or every holder
 * of a role, a fact told once, joining the caller's transaction, the
 * e-mail each preference asks for, the inbox's reads, and the mail queue's
 * claims, retries and counts, on a real SQLite file.
 */
#include "store/notify.h"
#include "store/store.h"
#include "tmpdb.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static char path[64];
static struct store *st;
static struct err_info ei;

static struct {
    int64_t region, unit, other_unit, trainee, person;
    int64_t director, director2, off_director, other_director, supervisor;
    int64_t trainee_user, coordinator;
} ids;

/* A user with one role; "$argon2id$" is all the schema asks of a hash. */
static int64_t add_user(const char *name, const char *role, int64_t scope_id)
{
    struct user u = {0};
    snprintf(u.username, sizeof(u.username), "%s", name);
    snprintf(u.name, sizeof(u.name), "Test %s", name);
    struct user_role r = {"", scope_id};
    snprintf(r.role, sizeof(r.role), "%s", role);
    cr_assert_eq(store_user_add(st, &u, "$argon2id$v=19$test", &r, 1, &ei), 0,
                 "%s", ei.msg);
    return u.id;
}

/* Runs sql on the file directly (what no store function writes). */
static void file_exec(const char *sql)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    sqlite3_close(db);
}

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

static int64_t add_unit(const char *name, const char *hsa, int64_t provider,
                        int64_t site, int64_t area, int64_t specialty)
{
    struct unit u = {0};
    u.region_id = ids.region, u.provider_id = provider, u.site_id = site;
    u.area_id = area, u.specialty_id = specialty;
    snprintf(u.name, sizeof(u.name), "%s", name);
    snprintf(u.hsa_id, sizeof(u.hsa_id), "%s", hsa);
    u.kind = UNIT_HOSPITAL_CLINIC, u.takes_trainees = 1,
    u.max_away = STORE_NONE;
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    return u.id;
}

static void setup(void)
{
    err_clear(&ei);
    tmpdb_path(path, sizeof(path), "notify");
    cr_assert_eq(store_open(path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
    store_set_now(st, 1800000000); /* 2027-01-15T08:00:00Z */
    struct region r = {0, "skane", "Region Skåne"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0, "%s", ei.msg);
    ids.region = r.id;
    struct provider p = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    cr_assert_eq(store_provider_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct site site = {0, r.id, "Skånes universitetssjukhus, Lund", "Lund"};
    cr_assert_eq(store_site_insert(st, &site, &ei), 0, "%s", ei.msg);
    struct area a = {0, r.id, "Lund–Ystad"};
    cr_assert_eq(store_area_insert(st, &a, &ei), 0, "%s", ei.msg);
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0, "%s", ei.msg);
    ids.unit = add_unit("Vårdcentralen Näsby", "SE2321000255-V7", p.id, 0, a.id,
                        am.id);
    ids.other_unit =
        add_unit("Vårdcentralen Åhus", "SE2321000255-V8", p.id, 0, a.id, am.id);
    struct person pe = {0, "Åsa Öberg", "asa.oberg@demo.randa.se", ""};
    cr_assert_eq(store_person_insert(st, &pe, &ei), 0, "%s", ei.msg);
    struct trainee t = {
        0, pe.id,        am.id, REGULATION_2021, ids.unit,
        0, "2024-09-01", 100,   "2029-09-01",    TRAINEE_ACTIVE};
    cr_assert_eq(store_trainee_insert(st, &t, &ei), 0, "%s", ei.msg);
    ids.trainee = t.id, ids.person = pe.id;
    ids.director = add_user("sr.nasby", "director", ids.unit);
    ids.director2 = add_user("sr2.nasby", "director", ids.unit);
    ids.off_director = add_user("sr3.nasby", "director", ids.unit);
    cr_assert_eq(store_user_set_disabled(st, ids.off_director, 1, &ei), 0);
    ids.other_director = add_user("sr.ahus", "director", ids.other_unit);
    ids.supervisor = add_user("hl.nasby", "supervisor", ids.trainee);
    ids.trainee_user = add_user("st.asa", "trainee", ids.trainee);
    ids.coordinator = add_user("osr.skane", "coordinator", ids.region);
}

static void teardown(void)
{
    store_close(st);
    tmpdb_remove(path);
}

TestSuite(notify, .init = setup, .fini = teardown);

static const struct notify_msg request_42 = {
    .kind = NOTIFY_REQUEST,
    .entity = "booking",
    .entity_id = 42,
    .link = "#/bokningar",
    .params = "{\"trainee\": \"Åsa Öberg\", \"unit\": \"Vårdcentralen "
              "Näsby\", \"from\": \"2027-W10\"}",
};

Test(notify, a_fact_is_told_to_a_user_once)
{
    int64_t id = 0, again = -1;
    cr_assert_eq(store_notify(st, ids.director, &request_42, &id, &ei), 0, "%s",
                 ei.msg);
    cr_assert_gt(id, 0);
    cr_assert_eq(store_notify(st, ids.director, &request_42, &again, &ei), 0);
    cr_assert_eq(again, 0);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 1);
    struct notification n;
    cr_assert_eq(store_notification_get(st, ids.director, id, &n, &ei), 0);
    cr_assert_str_eq(n.dedup, "request:booking:42");
    cr_assert_str_eq(n.link, "#/bokningar");
    cr_assert_str_eq(n.created_at, "2027-01-15T08:00:00Z");
    cr_assert_str_eq(n.read_at, "");
    cr_assert(strstr(n.params, "Åsa Öberg"), "%s", n.params);
    /* Another user is told the same fact. */
    cr_assert_eq(store_notify(st, ids.director2, &request_42, &again, &ei), 0);
    cr_assert_gt(again, 0);
}

Test(notify, a_role_tells_every_enabled_holder_for_that_scope_only)
{
    struct notify_msg m = request_42;
    m.skip_user_id = ids.director2; /* who made the request */
    int told = -1;
    cr_assert_eq(store_notify_role(st, ROLE_DIRECTOR, ids.unit, &m, &told, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(told, 1);
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM notification WHERE user_id = %lld",
             (long long)ids.director);
    cr_assert_eq(file_count(sql), 1);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 1);
    /* Told again: nobody new. */
    cr_assert_eq(store_notify_role(st, ROLE_DIRECTOR, ids.unit, &m, &told, &ei),
                 0);
    cr_assert_eq(told, 0);
    /* The handledare and the ST-läkare of the trainee, and the region's
     * coordinator, each by their own scope. */
    m.kind = NOTIFY_CANCELLATION;
    cr_assert_eq(
        store_notify_role(st, ROLE_SUPERVISOR, ids.trainee, &m, &told, &ei), 0);
    cr_assert_eq(told, 1);
    cr_assert_eq(
        store_notify_role(st, ROLE_TRAINEE, ids.trainee, &m, &told, &ei), 0);
    cr_assert_eq(told, 1);
    cr_assert_eq(
        store_notify_role(st, ROLE_COORDINATOR, ids.region, &m, &told, &ei), 0);
    cr_assert_eq(told, 1);
    cr_assert_eq(
        store_notify_role(st, ROLE_COORDINATOR, ids.region + 7, &m, &told, &ei),
        0);
    cr_assert_eq(told, 0);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 4);
}

Test(notify, a_person_is_told_through_their_users)
{
    file_exec("UPDATE app_user SET person_id = 1 WHERE username = 'st.asa'");
    int told = -1;
    cr_assert_eq(store_notify_person(st, ids.person, &request_42, &told, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(told, 1);
    cr_assert_eq(
        store_notify_person(st, ids.person + 99, &request_42, &told, &ei), 0);
    cr_assert_eq(told, 0);
}

Test(notify, joins_the_callers_transaction_and_is_undone_with_it)
{
    cr_assert_eq(store_begin(st, &ei), 0);
    int told = 0;
    cr_assert_eq(
        store_notify_role(st, ROLE_DIRECTOR, ids.unit, &request_42, &told, &ei),
        0, "%s", ei.msg);
    cr_assert_eq(told, 2);
    store_rollback(st);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 0);

    cr_assert_eq(store_begin(st, &ei), 0);
    cr_assert_eq(store_notify(st, ids.director, &request_42, NULL, &ei), 0);
    cr_assert_eq(store_commit(st, &ei), 0);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 1);
}

Test(notify, a_wrong_message_names_its_field_and_writes_nothing)
{
    struct notify_msg m = request_42;
    m.link = "/bokningar";
    cr_assert_eq(store_notify(st, ids.director, &m, NULL, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "link");
    m = request_42;
    m.entity = "Booking";
    cr_assert_eq(store_notify(st, ids.director, &m, NULL, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "entity");
    m = request_42;
    m.params = "[1, 2]";
    cr_assert_eq(store_notify(st, ids.director, &m, NULL, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "params");
    m = request_42;
    cr_assert_eq(store_notify(st, 4242, &m, NULL, &ei), ERR_NOTFOUND);
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 0);
}

struct pending {
    int n;
    char dedup[8][STORE_NOTIFY_DEDUP_MAX];
    char recipient[8][STORE_EMAIL_MAX];
};

static int pending_each(const struct notification *n, const char *recipient,
                        void *arg)
{
    struct pending *p = arg;
    if (p->n < 8) {
        snprintf(p->dedup[p->n], STORE_NOTIFY_DEDUP_MAX, "%s", n->dedup);
        snprintf(p->recipient[p->n], STORE_EMAIL_MAX, "%s", recipient);
        p->n++;
    }
    return 0;
}

Test(notify, the_email_follows_the_users_preferences)
{
    /* No address: told in the app only. */
    cr_assert_eq(store_notify(st, ids.director, &request_42, NULL, &ei), 0);
    cr_assert_eq(file_count("SELECT count(*) FROM notification "
                            "WHERE mail = 'none'"),
                 1);
    /* An address and every kind: one mail each. */
    struct notify_pref p;
    cr_assert_eq(store_notify_pref_get(st, ids.director2, &p, &ei), 0);
    cr_assert_eq(p.email_kinds, NOTIFY_ALL_KINDS);
    cr_assert_eq(p.digest, 0);
    cr_assert_str_eq(p.updated_at, "");
    snprintf(p.email, sizeof(p.email), "sr2@region.se");
    cr_assert_eq(store_notify_pref_set(st, ids.director2, &p, &ei), 0, "%s",
                 ei.msg);
    cr_assert_eq(store_notify(st, ids.director2, &request_42, NULL, &ei), 0);
    /* Only cancellations, in a digest. */
    cr_assert_eq(store_notify_pref_get(st, ids.supervisor, &p, &ei), 0);
    snprintf(p.email, sizeof(p.email), "hl@region.se");
    p.email_kinds = NOTIFY_BIT(NOTIFY_CANCELLATION);
    p.digest = 1;
    cr_assert_eq(store_notify_pref_set(st, ids.supervisor, &p, &ei), 0);
    cr_assert_eq(store_notify(st, ids.supervisor, &request_42, NULL, &ei), 0);
    struct notify_msg c = request_42;
    c.kind = NOTIFY_CANCELLATION;
    cr_assert_eq(store_notify(st, ids.supervisor, &c, NULL, &ei), 0);

    struct pending singles = {0}, digests = {0};
    cr_assert_eq(store_mail_pending(st, NOTIFY_MAIL_SINGLE, 0, 10, pending_each,
                                    &singles, &ei),
                 0);
    cr_assert_eq(singles.n, 1);
    cr_assert_str_eq(singles.recipient[0], "sr2@region.se");
    cr_assert_eq(store_mail_pending(st, NOTIFY_MAIL_DIGEST, 0, 10, pending_each,
                                    &digests, &ei),
                 0);
    cr_assert_eq(digests.n, 1);
    cr_assert_str_eq(digests.dedup[0], "cancellation:booking:42");
    cr_assert_str_eq(digests.recipient[0], "hl@region.se");

    /* A digest is due once a day. */
    int64_t users[4];
    int n = 0;
    cr_assert_eq(
        store_mail_digest_due(st, store_now(st), 86400, users, 4, &n, &ei), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(users[0], ids.supervisor);
    int64_t nid = 0;
    cr_assert_eq(store_notify(st, ids.supervisor, &c, &nid, &ei), 0);
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT id FROM notification WHERE user_id = %lld AND "
             "mail = 'digest'",
             (long long)ids.supervisor);
    int64_t waiting = file_count(sql);
    cr_assert_eq(store_mail_queue(st, ids.supervisor, "hl@region.se",
                                  "Sammanfattning", "Hej", &waiting, 1, 1, &nid,
                                  &ei),
                 0, "%s", ei.msg);
    cr_assert_gt(nid, 0);
    cr_assert_eq(
        store_mail_digest_due(st, store_now(st), 86400, users, 4, &n, &ei), 0);
    cr_assert_eq(n, 0);
    /* Queued once only: a second worker's attempt writes nothing. */
    cr_assert_eq(store_mail_queue(st, ids.supervisor, "hl@region.se",
                                  "Sammanfattning", "Hej", &waiting, 1, 1, &nid,
                                  &ei),
                 ERR_CONFLICT);
    cr_assert_eq(file_count("SELECT count(*) FROM mail_out"), 1);
}

Test(notify, a_disabled_user_or_a_bad_address_gets_no_mail)
{
    struct notify_pref p = {.email_kinds = NOTIFY_ALL_KINDS};
    snprintf(p.email, sizeof(p.email), "a@b.se\r\nBcc: x@y.se");
    cr_assert_eq(store_notify_pref_set(st, ids.off_director, &p, &ei),
                 ERR_INVAL);
    cr_assert_str_eq(ei.field, "email");
    snprintf(p.email, sizeof(p.email), "sr3@region.se");
    cr_assert_eq(store_notify_pref_set(st, ids.off_director, &p, &ei), 0);
    cr_assert_eq(store_notify(st, ids.off_director, &request_42, NULL, &ei), 0);
    cr_assert_eq(file_count("SELECT count(*) FROM notification "
                            "WHERE mail = 'none'"),
                 1);
}

static int count_each(const struct notification *n, void *arg)
{
    (void)n;
    ++*(int *)arg;
    return 0;
}

Test(notify, the_inbox_pages_counts_and_marks_read_only_ones_own)
{
    for (int i = 1; i <= 5; i++) {
        struct notify_msg m = request_42;
        m.entity_id = i;
        cr_assert_eq(store_notify(st, ids.director, &m, NULL, &ei), 0);
    }
    int64_t other = 0;
    cr_assert_eq(store_notify(st, ids.director2, &request_42, &other, &ei), 0);
    int seen = 0;
    int64_t total = 0, unread = 0;
    cr_assert_eq(store_notification_page(st, ids.director, 0, 2, 0, count_each,
                                         &seen, &total, &unread, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(seen, 2);
    cr_assert_eq(total, 5);
    cr_assert_eq(unread, 5);
    /* Someone else's notification is not there. */
    cr_assert_eq(store_notification_read(st, ids.director, other, &ei),
                 ERR_NOTFOUND);
    struct notification n;
    cr_assert_eq(store_notification_get(st, ids.director, other, &n, &ei),
                 ERR_NOTFOUND);
    /* Reading one, then all. */
    snprintf(n.dedup, sizeof(n.dedup), "x");
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT min(id) FROM notification WHERE user_id = %lld",
             (long long)ids.director);
    int64_t first = file_count(sql);
    cr_assert_eq(store_notification_read(st, ids.director, first, &ei), 0);
    cr_assert_eq(store_notification_get(st, ids.director, first, &n, &ei), 0);
    cr_assert_str_eq(n.read_at, "2027-01-15T08:00:00Z");
    seen = 0;
    cr_assert_eq(store_notification_page(st, ids.director, 1, -1, 0, count_each,
                                         &seen, &total, &unread, &ei),
                 0);
    cr_assert_eq(seen, 4);
    cr_assert_eq(total, 4);
    cr_assert_eq(unread, 4);
    int marked = 0;
    cr_assert_eq(store_notification_read_all(st, ids.director, &marked, &ei),
                 0);
    cr_assert_eq(marked, 4);
    cr_assert_eq(store_notification_page(st, ids.director2, 1, -1, 0,
                                         count_each, &seen, &total, &unread,
                                         &ei),
                 0);
    cr_assert_eq(unread, 1);
}

Test(notify, a_mail_is_claimed_by_one_worker_retried_later_and_counted)
{
    int64_t mid = 0;
    cr_assert_eq(store_mail_queue(st, ids.director, "sr@region.se",
                                  "Bokningsförfrågan", "Hej Åsa", NULL, 0, 0,
                                  &mid, &ei),
                 0, "%s", ei.msg);
    int64_t now = store_now(st);
    struct mail_out m, none;
    cr_assert_eq(store_mail_claim(st, now, 60, 5, &m, &ei), 0, "%s", ei.msg);
    cr_assert_eq(m.id, mid);
    cr_assert_str_eq(m.subject, "Bokningsförfrågan");
    cr_assert_str_eq(m.body, "Hej Åsa");
    cr_assert_eq(m.attempts, 0);
    /* Claimed: no other worker gets it within the lease. */
    cr_assert_eq(store_mail_claim(st, now, 60, 5, &none, &ei), ERR_NOTFOUND);
    cr_assert_eq(store_mail_done(st, m.id, "421 try later", now + 2, &ei), 0);
    store_mail_release(&m);
    cr_assert_eq(store_mail_claim(st, now + 1, 60, 5, &none, &ei),
                 ERR_NOTFOUND);
    int64_t waiting, sent, failed;
    cr_assert_eq(store_mail_counts(st, 5, &waiting, &sent, &failed, &ei), 0);
    cr_assert_eq(waiting, 1);
    cr_assert_eq(sent, 0);
    cr_assert_eq(store_mail_claim(st, now + 2, 60, 5, &m, &ei), 0);
    cr_assert_eq(m.attempts, 1);
    cr_assert_eq(store_mail_done(st, m.id, NULL, 0, &ei), 0);
    store_mail_release(&m);
    cr_assert_eq(store_mail_counts(st, 5, &waiting, &sent, &failed, &ei), 0);
    cr_assert_eq(waiting, 0);
    cr_assert_eq(sent, 1);
    cr_assert_eq(failed, 0);
    /* Given up after the last attempt. */
    cr_assert_eq(
        store_mail_queue(st, 0, "x@region.se", "S", "B", NULL, 0, 0, &mid, &ei),
        0);
    cr_assert_eq(store_mail_claim(st, now + 3, 60, 1, &m, &ei), 0);
    cr_assert_eq(store_mail_done(st, m.id, "550 no such user", now + 4, &ei),
                 0);
    store_mail_release(&m);
    cr_assert_eq(store_mail_claim(st, now + 10, 60, 1, &none, &ei),
                 ERR_NOTFOUND);
    cr_assert_eq(store_mail_counts(st, 1, &waiting, &sent, &failed, &ei), 0);
    cr_assert_eq(failed, 1);
}

/* ---- the e-mail: Swedish words and the wire format ---- */

#include "notify/mail.h"
#include "notify/text.h"

Test(notify_mail, a_swedish_subject_is_rfc2047_words_never_splitting_a_letter)
{
    struct buf out = BUF_INIT(0);
    const char *subject = "Randa: Bokningsförfrågan att besvara: Åsa Öberg "
                          "till Vårdcentralen Näsby, v. 2027-W10–2027-W19";
    notify_mail_subject(&out, subject);
    cr_assert(strncmp(out.data, "=?UTF-8?B?", 10) == 0, "%s", out.data);
    /* Each word at most 75 characters, folded with CRLF and a space. */
    size_t words = 0;
    for (char *w = out.data; w; words++) {
        char *end = strstr(w, "\r\n ");
        size_t n = end ? (size_t)(end - w) : strlen(w);
        cr_assert_leq(n, 75);
        cr_assert(strncmp(w + n - 2, "?=", 2) == 0);
        w = end ? end + 3 : NULL;
    }
    cr_assert_gt(words, 1);
    buf_release(&out);
    /* Short ASCII goes as it is. */
    notify_mail_subject(&out, "Randa: 2 nya aviseringar");
    cr_assert_str_eq(out.data, "Randa: 2 nya aviseringar");
    buf_release(&out);
}

Test(notify_mail, the_body_is_quoted_printable_with_crlf_and_short_lines)
{
    struct buf out = BUF_INIT(0);
    char line[200];
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    struct buf text = BUF_INIT(0);
    buf_addf(&text, "Hej Åsa!\n%s\nslut = klart \n", line);
    notify_mail_qp(&out, text.data);
    cr_assert(strstr(out.data, "Hej =C3=85sa!\r\n"), "%s", out.data);
    cr_assert(strstr(out.data, "slut =3D klart=20\r\n"), "%s", out.data);
    for (char *l = out.data; *l;) {
        char *end = strstr(l, "\r\n");
        cr_assert(end);
        cr_assert_leq((size_t)(end - l), 76);
        l = end + 2;
    }
    buf_release(&out);
    buf_release(&text);
}

Test(notify_mail, a_header_refuses_an_address_that_could_inject_one)
{
    struct buf out = BUF_INIT(0);
    struct err_info e = {0};
    cr_assert_eq(notify_mail_message(&out, "randa@region.se",
                                     "a@b.se\r\nBcc: x@y.se", "S", "B", 0,
                                     "<1@region.se>", &e),
                 ERR_INVAL);
    cr_assert_str_eq(e.field, "to");
    cr_assert_eq(notify_mail_message(&out, "randa@region.se", "åsa@region.se",
                                     "S", "B", 1800000000, "<1@region.se>", &e),
                 0);
    cr_assert(strstr(out.data, "Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"),
              "%s", out.data);
    cr_assert(strstr(out.data, "To: <åsa@region.se>\r\n"));
    cr_assert(strstr(out.data, "Content-Type: text/plain; charset=UTF-8\r\n"));
    buf_release(&out);
}

Test(notify_mail, the_text_is_swedish_with_the_absolute_link)
{
    struct notification n = {0};
    n.kind = NOTIFY_CANCELLATION;
    snprintf(n.link, sizeof(n.link), "#/randningar/42");
    snprintf(n.params, sizeof(n.params),
             "{\"trainee\": \"Åsa Öberg\", \"unit\": \"Vårdcentralen Näsby\", "
             "\"from\": \"2027-W10\", \"to\": \"2027-W19\", \"reason\": "
             "\"sick_leave\"}");
    struct buf subject = BUF_INIT(0), body = BUF_INIT(0);
    notify_text_single(&n, "https://randa.region.se", &subject, &body);
    cr_assert_str_eq(subject.data,
                     "Randa: Randning avbokad: Åsa Öberg på Vårdcentralen "
                     "Näsby, v. 2027-W10–2027-W19 (sjukskrivning)");
    cr_assert(strstr(body.data, "https://randa.region.se/#/randningar/42\n"),
              "%s", body.data);
    buf_release(&subject);
    buf_release(&body);
    struct notification two[2] = {n, n};
    two[1].kind = NOTIFY_DEADLINE;
    snprintf(two[1].link, sizeof(two[1].link), "#/st-lakare/7");
    snprintf(two[1].params, sizeof(two[1].params),
             "{\"what\": \"revision\", \"due\": \"2027-02-01\", \"state\": "
             "\"overdue\", \"trainee\": \"Åsa Öberg\"}");
    notify_text_digest(two, 2, "https://randa.region.se/", &subject, &body);
    cr_assert_str_eq(subject.data, "Randa: 2 nya aviseringar");
    cr_assert(strstr(body.data, "* Försenat: Revision av utbildningsplanen – "
                                "Åsa Öberg, senast 2027-02-01\n  "
                                "https://randa.region.se/#/st-lakare/7\n"),
              "%s", body.data);
    buf_release(&subject);
    buf_release(&body);
}

/* ---- who is told when a booking moves ---- */

Test(notify, a_cancellation_tells_the_trainee_the_unit_and_the_handledare)
{
    /* A handledare at the receiving unit, named on the booking, whose user
     * has no role that reaches it: told, without the trainee's name. */
    struct person hp = {0, "Bo Ek", "bo.ek@demo.randa.se", ""};
    cr_assert_eq(store_person_insert(st, &hp, &ei), 0, "%s", ei.msg);
    struct supervisor sv = {0, hp.id, ids.other_unit, "2019-03-01",
                            "2012-06-01"};
    cr_assert_eq(store_supervisor_insert(st, &sv, &ei), 0, "%s", ei.msg);
    struct user hu = {0};
    snprintf(hu.username, sizeof(hu.username), "bo.ek");
    snprintf(hu.name, sizeof(hu.name), "Bo Ek");
    cr_assert_eq(store_user_add(st, &hu, "$argon2id$v=19$test", NULL, 0, &ei),
                 0, "%s", ei.msg);
    int64_t hl = hu.id;
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE app_user SET person_id = %lld "
             "WHERE id = %lld",
             (long long)hp.id, (long long)hl);
    file_exec(sql);
    struct booking b = {0};
    b.trainee_id = ids.trainee, b.unit_id = ids.other_unit;
    b.start_week = 2900, b.pattern = PATTERN_FULL, b.weeks = 8;
    b.status = BOOKING_CONFIRMED, b.cancel_reason = CANCEL_NONE;
    b.supervisor_id = sv.id;
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    snprintf(sql, sizeof(sql), "UPDATE booking SET supervisor_id = %lld",
             (long long)sv.id);
    file_exec(sql);
    cr_assert_eq(store_booking_set_status(st, b.id, BOOKING_CANCELLED,
                                          CANCEL_SICK_LEAVE, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(store_notify_booking(st, b.id, NOTIFY_CANCELLATION,
                                      ids.other_director, &ei),
                 0, "%s", ei.msg);
    /* The ST-läkare, the handledare; not the receiving studierektor, who
     * cancelled it. */
    cr_assert_eq(file_count("SELECT count(*) FROM notification"), 2);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM notification WHERE user_id = %lld "
             "AND params LIKE '%%Åsa%%'",
             (long long)ids.trainee_user);
    cr_assert_eq(file_count(sql), 1);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM notification WHERE user_id = %lld "
             "AND params NOT LIKE '%%Åsa%%' AND params LIKE '%%Åhus%%'",
             (long long)hl);
    cr_assert_eq(file_count(sql), 1);
    cr_assert_eq(store_notify_booking(st, b.id, NOTIFY_OFFER, 0, &ei),
                 ERR_INVAL);
}
