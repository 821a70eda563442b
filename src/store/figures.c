/* Quality reviews of units, doctors' programs and the facts of the yearly
 * figures in the store (figures.h). */
#include "store/figures.h"

#include "domain/training.h"
#include "store/store_impl.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date column's text as a date; METRICS_NO_DATE for NULL or not one. */
static struct date fig_date(const char *text)
{
    struct date d;
    char day[DATE_STR_MAX];
    if (!text || strlen(text) < 10)
        return METRICS_NO_DATE;
    memcpy(day, text, 10);
    day[10] = '\0';
    return date_parse(day, &d) == 0 ? d : METRICS_NO_DATE;
}

static struct date fig_col_date(struct store_stmt *st, int col)
{
    return fig_date(store__col_text(st, col));
}

/* Today by the store's clock, as "YYYY-MM-DD". */
static void fig_today(struct store *s, char *out)
{
    date_format(date_from_days((long)(store_now(s) / 86400)), out);
}

static json_t *fig_opt_text(const char *v)
{
    return v[0] ? json_string(v) : json_null();
}

/* ---- quality reviews ---- */

#define REVIEW_ITEM                                                            \
    "SELECT r.id, r.unit_id, r.kind, r.reviewed_on, r.result, r.reviewer, "    \
    "r.note, r.recorded_by, r.recorded_name, r.recorded_at, r.report_size, "   \
    "r.report_type, r.report_sha256, r.report_at, u.name, u.region_id "        \
    "FROM unit_review r JOIN unit u ON u.id = r.unit_id "

static void review_item_read(struct store_stmt *st, struct review_item *out)
{
    struct review *r = &out->review;
    int v = 0;
    memset(out, 0, sizeof(*out));
    r->id = store__col_int64(st, 0);
    r->unit_id = store__col_int64(st, 1);
    vocab_parse(&vocab_review_kind, store__col_text(st, 2), &v);
    r->kind = (enum review_kind)v;
    store__column_text(st, 3, r->reviewed_on, sizeof(r->reviewed_on));
    v = 0;
    vocab_parse(&vocab_review_result, store__col_text(st, 4), &v);
    r->result = (enum review_result)v;
    store__column_text(st, 5, r->reviewer, sizeof(r->reviewer));
    store__column_text(st, 6, r->note, sizeof(r->note));
    r->recorded_by.user_id = store__column_id(st, 7);
    store__column_text(st, 8, r->recorded_by.name, sizeof(r->recorded_by.name));
    store__column_text(st, 9, r->recorded_at, sizeof(r->recorded_at));
    r->report_size = store__col_null(st, 10) ? 0 : store__col_int64(st, 10);
    store__column_text(st, 11, r->report_type, sizeof(r->report_type));
    store__column_text(st, 12, r->report_sha256, sizeof(r->report_sha256));
    store__column_text(st, 13, r->report_at, sizeof(r->report_at));
    store__column_text(st, 14, out->unit_name, sizeof(out->unit_name));
    out->region_id = store__col_int64(st, 15);
}

/* A review as the audit log keeps it: its report by size and SHA-256. */
static json_t *review_json(const struct review *r)
{
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "id",
        (json_int_t)r->id, "unit_id", (json_int_t)r->unit_id, "kind",
        vocab_name(&vocab_review_kind, r->kind), "reviewed_on", r->reviewed_on,
        "result", vocab_name(&vocab_review_result, r->result), "reviewer",
        r->reviewer, "note", r->note, "recorded_name", r->recorded_by.name,
        "report_size", (json_int_t)r->report_size, "report_sha256",
        fig_opt_text(r->report_sha256));
}

int store_review_insert(struct store *s, struct review *r, struct err_info *ei)
{
    char today[DATE_STR_MAX];
    fig_today(s, today);
    int rc = store__check_vocab(ei, "kind", &vocab_review_kind, r->kind);
    if (rc == 0)
        rc = store__check_vocab(ei, "result", &vocab_review_result, r->result);
    if (rc == 0)
        rc = store__check_date(ei, "reviewed_on", r->reviewed_on);
    if (rc == 0 && strcmp(r->reviewed_on, today) > 0)
        rc = err_set(ei, ERR_INVAL, "reviewed_on",
                     "reviewed_on: %s is after today; record a review once "
                     "it has taken place",
                     r->reviewed_on);
    if (rc == 0)
        rc = store__check_text(ei, "reviewer", r->reviewer, 0,
                               sizeof(r->reviewer));
    if (rc == 0)
        rc = store__check_text(ei, "note", r->note, 0, sizeof(r->note));
    if (rc == 0)
        rc = store__check_text(ei, "recorded_by", r->recorded_by.name, 1,
                               sizeof(r->recorded_by.name));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    store__timestamp(s, r->recorded_at);
    r->report_size = 0;
    r->report_type[0] = r->report_sha256[0] = r->report_at[0] = '\0';
    rc = store__exec(s, ei, &r->id,
                     "INSERT INTO unit_review (unit_id, kind, reviewed_on, "
                     "result, reviewer, note, recorded_by, recorded_name, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     "ltttttdtt", r->unit_id,
                     vocab_name(&vocab_review_kind, r->kind), r->reviewed_on,
                     vocab_name(&vocab_review_result, r->result), r->reviewer,
                     r->note, r->recorded_by.user_id, r->recorded_by.name,
                     r->recorded_at);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "unit_id",
                     "unit_id: no unit has id %lld", (long long)r->unit_id);
    if (rc == 0)
        rc = store__audit(s, "unit_review", "insert", r->id, NULL,
                          review_json(r), ei);
    return store__write_end(s, rc);
}

int store_review_get(struct store *s, int64_t id, struct review_item *out,
                     struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, REVIEW_ITEM "WHERE r.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "review", id)) == 0)
        review_item_read(st, out);
    store__finalize(st);
    return rc;
}

static int review_item_row(struct store_stmt *st, const struct store__list *l)
{
    struct review_item it;
    review_item_read(st, &it);
    return l->each.review(&it, l->arg);
}

int store_review_list(struct store *s, const struct review_filter *f, int limit,
                      int offset,
                      int (*each)(const struct review_item *, void *),
                      void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, review_item_row, {.review = each}, arg,
    };
    const char *kind =
        f->kind < 0 ? NULL : vocab_name(&vocab_review_kind, f->kind);
    return store__list_all(
        s, &l, ei,
        REVIEW_ITEM "WHERE (?1 IS NULL OR r.unit_id = ?1) "
                    "AND (?2 IS NULL OR u.region_id = ?2) "
                    "AND (?3 IS NULL OR r.kind = ?3) "
                    "AND randa_sees(NULL, NULL, NULL, u.id, u.region_id) "
                    "ORDER BY r.reviewed_on DESC, r.id DESC",
        "ddT", f->unit_id, f->region_id, kind);
}

int store_review_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct review_item before;
    rc = store_review_get(s, id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM unit_review WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__audit(s, "unit_review", "delete", id,
                          review_json(&before.review), NULL, ei);
    return store__write_end(s, rc);
}

int store_review_report_set(struct store *s, int64_t id, const void *data,
                            size_t n, struct err_info *ei)
{
    if (n > REVIEW_REPORT_MAX)
        return err_set(ei, ERR_TOOBIG, "report",
                       "report: %zu bytes; at most %d are kept", n,
                       REVIEW_REPORT_MAX);
    if (n == 0 || !review_report_is_pdf(data, (unsigned long)n))
        return err_set(ei, ERR_INVAL, "report",
                       "report: not a PDF (it must begin with %%PDF-)");
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct review_item before;
    rc = store_review_get(s, id, &before, ei);
    struct review after = before.review;
    after.report_size = (int64_t)n;
    snprintf(after.report_type, sizeof(after.report_type), "application/pdf");
    bytes_sha256(data, n, after.report_sha256);
    store__timestamp(s, after.report_at);
    if (rc == 0)
        rc =
            store__exec(s, ei, NULL,
                        "UPDATE unit_review SET report = ?1, "
                        "report_type = ?2, report_size = ?3, "
                        "report_sha256 = ?4, report_at = ?5 WHERE id = ?6",
                        "btlttl", data, n, after.report_type, after.report_size,
                        after.report_sha256, after.report_at, id);
    if (rc == 0)
        rc = store__audit(s, "unit_review", "update", id,
                          review_json(&before.review), review_json(&after), ei);
    return store__write_end(s, rc);
}

int store_review_report_get(struct store *s, int64_t id, void **data, size_t *n,
                            struct review_item *out, struct err_info *ei)
{
    *data = NULL;
    *n = 0;
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    rc = store_review_get(s, id, out, ei);
    struct store_stmt *st = NULL;
    if (rc == 0 && out->review.report_size == 0)
        rc = err_set(ei, ERR_NOTFOUND, "report", "review %lld has no report",
                     (long long)id);
    if (rc == 0)
        rc = store__query(
            s, &st, ei, "SELECT report FROM unit_review WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "review", id)) == 0) {
        size_t len = 0;
        const void *v = store__col_blob(st, 0, &len);
        if (!v)
            rc = err_set(ei, ERR_NOTFOUND, "report",
                         "review %lld has no report", (long long)id);
        else {
            *data = xmalloc(len ? len : 1);
            memcpy(*data, v, len);
            *n = len;
        }
    }
    store__finalize(st);
    store__read_end(s);
    return rc;
}

int store_review_due_facts(struct store *s, int64_t unit_id,
                           int (*each)(const struct review_due_facts *, void *),
                           void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc =
        store__query(s, &st, ei,
                     "SELECT u.id, u.name, u.region_id, min(t.start_date), "
                     "(SELECT max(r.reviewed_on) FROM unit_review r "
                     " WHERE r.unit_id = u.id AND r.kind = 'stins'), "
                     "(SELECT max(r.reviewed_on) FROM unit_review r "
                     " WHERE r.unit_id = u.id AND r.kind = 'spur') "
                     "FROM unit u JOIN trainee t ON t.home_unit_id = u.id "
                     "AND t.status IN ('active', 'on_leave') "
                     "WHERE randa_sees(NULL, NULL, NULL, u.id, u.region_id) "
                     "AND (?1 = 0 OR u.id = ?1) "
                     "GROUP BY u.id, u.name, u.region_id ORDER BY u.name, u.id",
                     "l", unit_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct review_due_facts f;
        memset(&f, 0, sizeof(f));
        f.unit_id = store__col_int64(st, 0);
        store__column_text(st, 1, f.unit_name, sizeof(f.unit_name));
        f.region_id = store__col_int64(st, 2);
        store__column_text(st, 3, f.since, sizeof(f.since));
        store__column_text(st, 4, f.last[REVIEW_STINS],
                           sizeof(f.last[REVIEW_STINS]));
        store__column_text(st, 5, f.last[REVIEW_SPUR],
                           sizeof(f.last[REVIEW_SPUR]));
        rc = each(&f, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- AT, BT and ST doctors ---- */

#define PROGRAM_ITEM                                                           \
    "SELECT d.id, d.program, d.person_id, d.trainee_id, d.unit_id, "           \
    "d.specialty_id, d.start_date, d.completed_on, d.left_on, "                \
    "d.returned_on, p.name, p.email, p.hsa_id, u.name, u.region_id, "          \
    "sp.code, sp.name_sv, sp.name_en "                                         \
    "FROM doctor_program d JOIN person p ON p.id = d.person_id "               \
    "JOIN unit u ON u.id = d.unit_id "                                         \
    "LEFT JOIN specialty sp ON sp.id = d.specialty_id "

static void program_read(struct store_stmt *st, struct program *out)
{
    int v = 0;
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    vocab_parse(&vocab_program_kind, store__col_text(st, 1), &v);
    out->program = (enum program_kind)v;
    out->person_id = store__col_int64(st, 2);
    out->trainee_id = store__column_id(st, 3);
    out->unit_id = store__col_int64(st, 4);
    out->specialty_id = store__column_id(st, 5);
    store__column_text(st, 6, out->start_date, sizeof(out->start_date));
    store__column_text(st, 7, out->completed_on, sizeof(out->completed_on));
    store__column_text(st, 8, out->left_on, sizeof(out->left_on));
    store__column_text(st, 9, out->returned_on, sizeof(out->returned_on));
}

static void program_item_read(struct store_stmt *st, struct program_item *out)
{
    memset(out, 0, sizeof(*out));
    program_read(st, &out->program);
    out->person.id = out->program.person_id;
    store__column_text(st, 10, out->person.name, sizeof(out->person.name));
    store__column_text(st, 11, out->person.email, sizeof(out->person.email));
    store__column_text(st, 12, out->person.hsa_id, sizeof(out->person.hsa_id));
    store__column_text(st, 13, out->unit_name, sizeof(out->unit_name));
    out->region_id = store__col_int64(st, 14);
    out->specialty.id = out->program.specialty_id;
    store__column_text(st, 15, out->specialty.code,
                       sizeof(out->specialty.code));
    store__column_text(st, 16, out->specialty.name_sv,
                       sizeof(out->specialty.name_sv));
    store__column_text(st, 17, out->specialty.name_en,
                       sizeof(out->specialty.name_en));
}

static json_t *program_json(const struct program *pr)
{
    return json_pack(
        "{s:I, s:s, s:I, s:o, s:I, s:o, s:s, s:o, s:o, s:o}", "id",
        (json_int_t)pr->id, "program",
        vocab_name(&vocab_program_kind, pr->program), "person_id",
        (json_int_t)pr->person_id, "trainee_id",
        pr->trainee_id ? json_integer(pr->trainee_id) : json_null(), "unit_id",
        (json_int_t)pr->unit_id, "specialty_id",
        pr->specialty_id ? json_integer(pr->specialty_id) : json_null(),
        "start_date", pr->start_date, "completed_on",
        fig_opt_text(pr->completed_on), "left_on", fig_opt_text(pr->left_on),
        "returned_on", fig_opt_text(pr->returned_on));
}

/* The rules of a program's dates: 0, or ERR_INVAL naming the field. */
static int program_check(struct store *s, const struct program *pr,
                         struct err_info *ei)
{
    char today[DATE_STR_MAX];
    fig_today(s, today);
    int rc =
        store__check_vocab(ei, "program", &vocab_program_kind, pr->program);
    if (rc == 0)
        rc = store__check_date(ei, "start_date", pr->start_date);
    if (rc == 0)
        rc = store__check_opt_date(ei, "completed_on", pr->completed_on);
    if (rc == 0)
        rc = store__check_opt_date(ei, "left_on", pr->left_on);
    if (rc == 0)
        rc = store__check_opt_date(ei, "returned_on", pr->returned_on);
    if (rc)
        return rc;
    if (pr->program == PROGRAM_ST && !pr->specialty_id)
        return err_set(ei, ERR_INVAL, "specialty_id",
                       "specialty_id: an ST names its specialty");
    if (pr->program != PROGRAM_ST && pr->specialty_id)
        return err_set(ei, ERR_INVAL, "specialty_id",
                       "specialty_id: only an ST has a specialty");
    if (pr->program != PROGRAM_ST && pr->trainee_id)
        return err_set(ei, ERR_INVAL, "trainee_id",
                       "trainee_id: only an ST names a trainee record");
    if (pr->completed_on[0] && strcmp(pr->completed_on, pr->start_date) < 0)
        return err_set(ei, ERR_INVAL, "completed_on",
                       "completed_on: before the start (%s)", pr->start_date);
    if (pr->left_on[0] && strcmp(pr->left_on, pr->start_date) < 0)
        return err_set(ei, ERR_INVAL, "left_on",
                       "left_on: before the start (%s)", pr->start_date);
    if (pr->returned_on[0] && !pr->left_on[0])
        return err_set(ei, ERR_INVAL, "returned_on",
                       "returned_on: they came back only after leaving "
                       "(left_on)");
    if (pr->returned_on[0] && strcmp(pr->returned_on, pr->left_on) <= 0)
        return err_set(ei, ERR_INVAL, "returned_on",
                       "returned_on: on or before the day they left (%s)",
                       pr->left_on);
    const char *fields[] = {"completed_on", "left_on", "returned_on"};
    const char *days[] = {pr->completed_on, pr->left_on, pr->returned_on};
    for (int i = 0; i < 3; i++)
        if (strcmp(days[i], today) > 0)
            return err_set(ei, ERR_INVAL, fields[i],
                           "%s: %s is after today: record what has happened",
                           fields[i], days[i]);
    return 0;
}

/* Names the field behind a failed write of a program. */
static int program_failure(struct store *s, const struct program *pr, int rc,
                           struct err_info *ei)
{
    if (rc == ERR_CONFLICT)
        return err_set(ei, rc, "trainee_id",
                       "trainee_id: trainee %lld's ST is recorded already",
                       (long long)pr->trainee_id);
    if (rc != ERR_NOTFOUND)
        return rc;
    int64_t n = 0;
    if (store__count(s, ei, &n, "SELECT count(*) FROM unit WHERE id = ?", "l",
                     pr->unit_id) == 0 &&
        n == 0)
        return err_set(ei, rc, "unit_id", "unit_id: no unit has id %lld",
                       (long long)pr->unit_id);
    return err_set(ei, rc, "specialty_id",
                   "specialty_id: no specialty has id %lld",
                   (long long)pr->specialty_id);
}

int store_program_create(struct store *s, struct person *p, struct program *pr,
                         struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    if (pr->trainee_id) {
        struct trainee t;
        rc = store_trainee_get(s, pr->trainee_id, &t, ei);
        if (rc == ERR_NOTFOUND)
            rc = err_set(ei, ERR_INVAL, "trainee_id",
                         "trainee_id: no trainee has id %lld",
                         (long long)pr->trainee_id);
        if (rc == 0 && p->id && p->id != t.person_id)
            rc = err_set(ei, ERR_INVAL, "person_id",
                         "person_id: the trainee is person %lld",
                         (long long)t.person_id);
        if (rc == 0) {
            p->id = t.person_id;
            if (!pr->unit_id)
                pr->unit_id = t.home_unit_id;
            if (!pr->specialty_id)
                pr->specialty_id = t.specialty_id;
            if (!pr->start_date[0])
                memcpy(pr->start_date, t.start_date, sizeof(pr->start_date));
        }
    }
    if (rc == 0)
        rc = program_check(s, pr, ei);
    if (rc == 0 && p->id == 0)
        rc = store_person_insert(s, p, ei);
    else if (rc == 0 &&
             (rc = store_person_get(s, p->id, p, ei)) == ERR_NOTFOUND)
        rc = err_set(ei, ERR_INVAL, "person_id",
                     "person_id: no person has id %lld", (long long)p->id);
    pr->person_id = p->id;
    if (rc == 0) {
        rc = store__exec(
            s, ei, &pr->id,
            "INSERT INTO doctor_program (program, person_id, trainee_id, "
            "unit_id, specialty_id, start_date, completed_on, left_on, "
            "returned_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "tldldtTTT", vocab_name(&vocab_program_kind, pr->program),
            pr->person_id, pr->trainee_id, pr->unit_id, pr->specialty_id,
            pr->start_date, pr->completed_on, pr->left_on, pr->returned_on);
        if (rc)
            rc = program_failure(s, pr, rc, ei);
    }
    if (rc == 0)
        rc = store__audit(s, "doctor_program", "insert", pr->id, NULL,
                          program_json(pr), ei);
    return store__write_end(s, rc);
}

int store_program_get(struct store *s, int64_t id, struct program *out,
                      struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, PROGRAM_ITEM "WHERE d.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "program", id)) == 0)
        program_read(st, out);
    store__finalize(st);
    return rc;
}

static int program_item_row(struct store_stmt *st, const struct store__list *l)
{
    struct program_item it;
    program_item_read(st, &it);
    return l->each.program(&it, l->arg);
}

int store_program_list(struct store *s, const struct program_filter *f,
                       int limit, int offset,
                       int (*each)(const struct program_item *, void *),
                       void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, program_item_row, {.program = each}, arg,
    };
    const char *kind =
        f->program < 0 ? NULL : vocab_name(&vocab_program_kind, f->program);
    return store__list_all(
        s, &l, ei,
        PROGRAM_ITEM
        "WHERE (?1 IS NULL OR d.id = ?1) AND (?2 IS NULL OR d.unit_id = ?2) "
        "AND (?3 IS NULL OR u.region_id = ?3) "
        "AND (?4 IS NULL OR d.trainee_id = ?4) "
        "AND (?5 IS NULL OR d.program = ?5) "
        "AND (?6 IS NULL OR " STORE_HAS("p.name", "?6") //
        " OR " STORE_HAS("p.email", "?6")               //
        ") AND randa_sees(d.trainee_id, d.unit_id, u.region_id, NULL, NULL) "
        "ORDER BY p.name, d.id",
        "ddddTT", f->id, f->unit_id, f->region_id, f->trainee_id, kind, f->q);
}

int store_program_update(struct store *s, const struct program *pr,
                         struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct program before, after;
    rc = store_program_get(s, pr->id, &before, ei);
    if (rc == 0) {
        after = before;
        after.unit_id = pr->unit_id;
        memcpy(after.start_date, pr->start_date, sizeof(after.start_date));
        memcpy(after.completed_on, pr->completed_on,
               sizeof(after.completed_on));
        memcpy(after.left_on, pr->left_on, sizeof(after.left_on));
        memcpy(after.returned_on, pr->returned_on, sizeof(after.returned_on));
        rc = program_check(s, &after, ei);
    }
    if (rc == 0) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE doctor_program SET unit_id = ?, "
                         "start_date = ?, completed_on = ?, left_on = ?, "
                         "returned_on = ? WHERE id = ?",
                         "ltTTTl", after.unit_id, after.start_date,
                         after.completed_on, after.left_on, after.returned_on,
                         after.id);
        if (rc)
            rc = program_failure(s, &after, rc, ei);
    }
    if (rc == 0)
        rc = store__audit(s, "doctor_program", "update", pr->id,
                          program_json(&before), program_json(&after), ei);
    return store__write_end(s, rc);
}

int store_program_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct program before;
    rc = store_program_get(s, id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM doctor_program WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__audit(s, "doctor_program", "delete", id,
                          program_json(&before), NULL, ei);
    return store__write_end(s, rc);
}

/* ---- the facts of the figures ---- */

/*
 * Every query below keeps the rows of region ?1, or of unit ?2 when it is
 * given, by the unit u each joins: the doctor's or trainee's home unit, the
 * reviewed unit, the receiving unit of capacity and bookings.
 */
#define FIG_WHERE                                                              \
    "WHERE (?1 IS NULL OR u.region_id = ?1) AND (?2 IS NULL OR u.id = ?2) "

/* Appends one element to an array of a figure_facts, growing it. */
#define FIG_PUSH(arr, n, cap)                                                  \
    (xgrow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))),                  \
     memset(&(arr)[(n)], 0, sizeof(*(arr))), &(arr)[(n)++])

static int fig_done(struct store *s, struct store_stmt *st, int rc, int step,
                    struct err_info *ei)
{
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

static int fig_units(struct store *s, int64_t region, int64_t unit,
                     struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(
        s, &st, ei,
        "SELECT u.id, u.name, sp.id, sp.code, sp.name_sv, sp.name_en, "
        "pr.kind FROM unit u JOIN specialty sp ON sp.id = u.specialty_id "
        "JOIN provider pr ON pr.id = u.provider_id " FIG_WHERE
        "ORDER BY u.name, u.id",
        "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_unit *x = FIG_PUSH(f->units, f->nunits, cap);
        int v = 0;
        x->id = store__col_int64(st, 0);
        store__column_text(st, 1, x->name, sizeof(x->name));
        x->specialty.id = store__col_int64(st, 2);
        store__column_text(st, 3, x->specialty.code, sizeof(x->specialty.code));
        store__column_text(st, 4, x->specialty.name_sv,
                           sizeof(x->specialty.name_sv));
        store__column_text(st, 5, x->specialty.name_en,
                           sizeof(x->specialty.name_en));
        vocab_parse(&vocab_provider_kind, store__col_text(st, 6), &v);
        x->provider_kind = (enum provider_kind)v;
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_programs(struct store *s, int64_t region, int64_t unit,
                        struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(
        s, &st, ei,
        "SELECT d.id, d.program, p.name, d.unit_id, d.start_date, "
        "d.completed_on, d.left_on, d.returned_on, d.trainee_id "
        "FROM doctor_program d "
        "JOIN person p ON p.id = d.person_id "
        "JOIN unit u ON u.id = d.unit_id " FIG_WHERE "ORDER BY p.name, d.id",
        "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_program *x = FIG_PUSH(f->programs, f->nprograms, cap);
        int v = 0;
        x->id = store__col_int64(st, 0);
        vocab_parse(&vocab_program_kind, store__col_text(st, 1), &v);
        x->program = (enum program_kind)v;
        store__column_text(st, 2, x->name, sizeof(x->name));
        x->unit_id = store__col_int64(st, 3);
        x->start = fig_col_date(st, 4);
        x->completed = fig_col_date(st, 5);
        x->left = fig_col_date(st, 6);
        x->returned = fig_col_date(st, 7);
        x->trainee_id = store__column_id(st, 8);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_trainees(struct store *s, int64_t region, int64_t unit,
                        struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(
        s, &st, ei,
        "SELECT t.id, p.name, t.home_unit_id, t.regulation, t.status, t.fte, "
        "t.start_date, t.planned_end, c.signed_on, t.supervisor_id, "
        "(SELECT max(b.end_week) FROM booking b WHERE b.trainee_id = t.id "
        " AND b.status IN ('requested', 'confirmed', 'completed')), "
        "(SELECT coalesce(sum(n.weeks), 0) FROM rotation_need n "
        " WHERE n.trainee_id = t.id AND n.status = 'open') "
        "FROM trainee t JOIN person p ON p.id = t.person_id "
        "JOIN unit u ON u.id = t.home_unit_id "
        "LEFT JOIN st_contract c ON c.trainee_id = t.id " FIG_WHERE
        "ORDER BY p.name, t.id",
        "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_trainee *x = FIG_PUSH(f->trainees, f->ntrainees, cap);
        int v = 0;
        x->id = store__col_int64(st, 0);
        store__column_text(st, 1, x->name, sizeof(x->name));
        x->unit_id = store__col_int64(st, 2);
        vocab_parse(&vocab_regulation, store__col_text(st, 3), &v);
        x->regulation = (enum regulation)v;
        v = 0;
        vocab_parse(&vocab_trainee_status, store__col_text(st, 4), &v);
        x->status = (enum trainee_status)v;
        x->fte = store__col_int(st, 5);
        x->start = fig_col_date(st, 6);
        x->planned_end = fig_col_date(st, 7);
        x->contract = fig_col_date(st, 8);
        x->supervisor_id = store__column_id(st, 9);
        x->last_end = store__column_opt(st, 10);
        x->open_weeks = store__col_int(st, 11);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_trainee_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The leaves of the trainees, ordered by trainee, each trainee pointed at
 * its own (leave_from, nleaves). */
static int fig_leaves(struct store *s, int64_t region, int64_t unit,
                      struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0, ncap = 0;
    int64_t *owner = NULL;
    size_t nowner = 0;
    int step = STORE_DONE;
    int rc = store__query(
        s, &st, ei,
        "SELECT l.trainee_id, l.kind, l.from_date, l.to_date FROM leave l "
        "JOIN trainee t ON t.id = l.trainee_id "
        "JOIN unit u ON u.id = t.home_unit_id " FIG_WHERE
        "ORDER BY l.trainee_id, l.from_date, l.id",
        "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct training_leave *x = FIG_PUSH(f->leaves, f->nleaves, cap);
        int v = 0;
        xgrow((void **)&owner, &ncap, nowner + 1, sizeof(*owner));
        owner[nowner++] = store__col_int64(st, 0);
        vocab_parse(&vocab_leave_kind, store__col_text(st, 1), &v);
        x->kind = (enum leave_kind)v;
        x->from = fig_col_date(st, 2);
        x->to = fig_col_date(st, 3);
    }
    rc = fig_done(s, st, rc, step, ei);
    for (size_t i = 0; rc == 0 && i < f->ntrainees; i++) {
        struct fact_trainee *t = &f->trainees[i];
        int64_t *hit = nowner ? bsearch(&t->id, owner, nowner, sizeof(*owner),
                                        fig_trainee_cmp)
                              : NULL;
        if (!hit)
            continue;
        while (hit > owner && hit[-1] == t->id)
            hit--;
        t->leave_from = (int)(hit - owner);
        while ((size_t)(t->leave_from + t->nleaves) < nowner &&
               owner[t->leave_from + t->nleaves] == t->id)
            t->nleaves++;
    }
    free(owner);
    return rc;
}

static int fig_supervisors(struct store *s, int64_t region, int64_t unit,
                           struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc =
        store__query(s, &st, ei,
                     "SELECT DISTINCT sv.id, p.name, sv.unit_id, sv.trained_on "
                     "FROM supervisor sv JOIN person p ON p.id = sv.person_id "
                     "JOIN trainee t ON t.supervisor_id = sv.id "
                     "JOIN unit u ON u.id = t.home_unit_id " FIG_WHERE
                     "ORDER BY p.name, sv.id",
                     "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_supervisor *x =
            FIG_PUSH(f->supervisors, f->nsupervisors, cap);
        x->id = store__col_int64(st, 0);
        store__column_text(st, 1, x->name, sizeof(x->name));
        x->unit_id = store__col_int64(st, 2);
        x->trained_on = fig_col_date(st, 3);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_reviews(struct store *s, int64_t region, int64_t unit,
                       struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(s, &st, ei,
                          "SELECT r.unit_id, r.kind, r.reviewed_on "
                          "FROM unit_review r "
                          "JOIN unit u ON u.id = r.unit_id " FIG_WHERE
                          "ORDER BY r.unit_id, r.reviewed_on, r.id",
                          "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_review *x = FIG_PUSH(f->reviews, f->nreviews, cap);
        int v = 0;
        x->unit_id = store__col_int64(st, 0);
        vocab_parse(&vocab_review_kind, store__col_text(st, 1), &v);
        x->kind = (enum review_kind)v;
        x->on = fig_col_date(st, 2);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_capacity(struct store *s, int64_t region, int64_t unit,
                        int wfrom, int wto, struct figure_facts *f,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(s, &st, ei,
                          "SELECT c.unit_id, c.from_week, c.to_week, c.seats "
                          "FROM capacity c "
                          "JOIN unit u ON u.id = c.unit_id " FIG_WHERE
                          "AND c.to_week > ?3 AND c.from_week < ?4 "
                          "ORDER BY c.unit_id, c.from_week",
                          "ddii", region, unit, wfrom, wto);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_capacity *x = FIG_PUSH(f->capacity, f->ncapacity, cap);
        x->unit_id = store__col_int64(st, 0);
        x->from_week = store__col_int(st, 1);
        x->to_week = store__col_int(st, 2);
        x->seats = store__col_int(st, 3);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_bookings(struct store *s, int64_t region, int64_t unit,
                        int wfrom, int wto, struct figure_facts *f,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    char since[DATE_STR_MAX];
    date_format(week_monday(wfrom), since);
    int rc = store__query(
        s, &st, ei,
        "SELECT b.id, p.name, b.unit_id, b.start_week, b.end_week, "
        "b.pattern, b.status, b.cancel_reason, b.created_at, b.trainee_id "
        "FROM booking b "
        "JOIN trainee t ON t.id = b.trainee_id "
        "JOIN person p ON p.id = t.person_id "
        "JOIN unit u ON u.id = b.unit_id " FIG_WHERE
        "AND ((b.end_week > ?3 AND b.start_week < ?4) OR b.created_at >= ?5) "
        "ORDER BY b.start_week, b.id",
        "ddiit", region, unit, wfrom, wto, since);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_booking *x = FIG_PUSH(f->bookings, f->nbookings, cap);
        int v = 0;
        x->id = store__col_int64(st, 0);
        store__column_text(st, 1, x->trainee, sizeof(x->trainee));
        x->unit_id = store__col_int64(st, 2);
        x->start_week = store__col_int(st, 3);
        x->end_week = store__col_int(st, 4);
        enum pattern p = PATTERN_FULL;
        pattern_parse(store__col_text(st, 5), &p);
        x->pattern = p;
        vocab_parse(&vocab_booking_status, store__col_text(st, 6), &v);
        x->status = (enum booking_status)v;
        v = CANCEL_NONE;
        if (!store__col_null(st, 7))
            vocab_parse(&vocab_cancel_reason, store__col_text(st, 7), &v);
        x->reason = (enum cancel_reason)v;
        x->made = fig_col_date(st, 8);
        x->trainee_id = store__col_int64(st, 9);
    }
    return fig_done(s, st, rc, step, ei);
}

static int fig_substitutes(struct store *s, int64_t region, int64_t unit,
                           struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    int rc = store__query(
        s, &st, ei,
        "SELECT x.id, t.id, p.name, x.weeks_saved, x.agreed_at, "
        "t.home_unit_id "
        "FROM substitute x JOIN activity a ON a.id = x.activity_id "
        "JOIN trainee t ON t.id = a.trainee_id "
        "JOIN person p ON p.id = t.person_id "
        "JOIN unit u ON u.id = t.home_unit_id " FIG_WHERE
        "ORDER BY x.agreed_at, x.id",
        "dd", region, unit);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_substitute *x =
            FIG_PUSH(f->substitutes, f->nsubstitutes, cap);
        x->id = store__col_int64(st, 0);
        x->trainee_id = store__col_int64(st, 1);
        store__column_text(st, 2, x->trainee, sizeof(x->trainee));
        x->weeks_saved = store__col_int(st, 3);
        x->agreed = fig_col_date(st, 4);
        x->unit_id = store__col_int64(st, 5);
    }
    return fig_done(s, st, rc, step, ei);
}

/* Places freed (issue 14) since wfrom's Monday. */
static int fig_freed(struct store *s, int64_t region, int64_t unit, int wfrom,
                     struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    char since[DATE_STR_MAX];
    date_format(week_monday(wfrom), since);
    int rc = store__query(
        s, &st, ei,
        "SELECT x.id, x.unit_id, x.freed_at, x.from_week, x.to_week, "
        "x.origin_week, x.pattern, x.seats FROM freed_place x "
        "JOIN unit u ON u.id = x.unit_id " FIG_WHERE "AND x.freed_at >= ?3 "
        "ORDER BY x.freed_at, x.id",
        "ddt", region, unit, since);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_freed *x = FIG_PUSH(f->freed, f->nfreed, cap);
        x->id = store__col_int64(st, 0);
        x->unit_id = store__col_int64(st, 1);
        x->on = fig_col_date(st, 2);
        x->from_week = store__col_int(st, 3);
        x->to_week = store__col_int(st, 4);
        x->origin_week = store__col_int(st, 5);
        enum pattern p = PATTERN_FULL;
        pattern_parse(store__col_text(st, 6), &p);
        x->pattern = p;
        x->seats = store__col_int(st, 7);
    }
    return fig_done(s, st, rc, step, ei);
}

/* Offers of freed places (issue 14) made since wfrom's Monday. */
static int fig_offers(struct store *s, int64_t region, int64_t unit, int wfrom,
                      struct figure_facts *f, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    size_t cap = 0;
    int step = STORE_DONE;
    char since[DATE_STR_MAX];
    date_format(week_monday(wfrom), since);
    int rc = store__query(
        s, &st, ei,
        "SELECT o.id, o.unit_id, p.name, o.status, o.offered_at, o.deadline, "
        "o.trainee_id "
        "FROM offer o JOIN trainee t ON t.id = o.trainee_id "
        "JOIN person p ON p.id = t.person_id "
        "JOIN unit u ON u.id = o.unit_id " FIG_WHERE "AND o.offered_at >= ?3 "
        "ORDER BY o.offered_at, o.id",
        "ddt", region, unit, since);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct fact_offer *x = FIG_PUSH(f->offers, f->noffers, cap);
        int v = 0;
        x->id = store__col_int64(st, 0);
        x->unit_id = store__col_int64(st, 1);
        store__column_text(st, 2, x->trainee, sizeof(x->trainee));
        vocab_parse(&vocab_offer_status, store__col_text(st, 3), &v);
        /* An open offer past its deadline has expired, read or not. */
        const char *deadline = store__col_text(st, 5);
        if (v == OFFER_OPEN && deadline && strcmp(deadline, now) <= 0)
            v = OFFER_EXPIRED;
        x->status = v;
        x->on = fig_col_date(st, 4);
        x->trainee_id = store__col_int64(st, 6);
    }
    return fig_done(s, st, rc, step, ei);
}

int store_figure_facts(struct store *s, int64_t region_id, int64_t unit_id,
                       int wfrom, int wto, struct figure_facts *out,
                       struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    int64_t region = unit_id ? 0 : region_id;
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    rc = fig_units(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_programs(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_trainees(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_leaves(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_supervisors(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_reviews(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_capacity(s, region, unit_id, wfrom, wto, out, ei);
    if (rc == 0)
        rc = fig_bookings(s, region, unit_id, wfrom, wto, out, ei);
    if (rc == 0)
        rc = fig_substitutes(s, region, unit_id, out, ei);
    if (rc == 0)
        rc = fig_freed(s, region, unit_id, wfrom, out, ei);
    if (rc == 0)
        rc = fig_offers(s, region, unit_id, wfrom, out, ei);
    store__read_end(s);
    if (rc)
        store_figure_facts_free(out);
    return rc;
}

void store_figure_facts_free(struct figure_facts *f)
{
    free(f->units);
    free(f->programs);
    free(f->trainees);
    free(f->leaves);
    free(f->supervisors);
    free(f->reviews);
    free(f->capacity);
    free(f->bookings);
    free(f->substitutes);
    free(f->freed);
    free(f->offers);
    memset(f, 0, sizeof(*f));
}
