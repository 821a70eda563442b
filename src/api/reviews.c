/*
 * The quality reviews of units (004 §2.6) and the region's AT, BT and ST
 * doctors (004 §5) over HTTP: a review is recorded as JSON, its report
 * sent as the raw bytes of a PDF to its own route and read back from it;
 * a doctor's program records when they completed it, left the region and
 * came back. Both are the facts the yearly figures (figures.c) count.
 */
#include "api/api_impl.h"

#include "domain/edu.h"
#include "domain/metrics.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Today as the store's clock says (UTC). */
static struct date rv_today(struct api_call *call)
{
    return date_from_days((long)(store_now(call->store) / 86400));
}

static json_t *rv_date(struct date d)
{
    char s[DATE_STR_MAX];
    date_format(d, s);
    return json_string(s);
}

/* ---- reviews ---- */

json_t *api_review_json(const struct review_item *it)
{
    const struct review *r = &it->review;
    char href[64];
    snprintf(href, sizeof(href), "/api/v1/reviews/%lld/report",
             (long long)r->id);
    struct date on = {0, 0, 0};
    date_parse(r->reviewed_on, &on);
    json_t *report = r->report_size
                         ? json_pack("{s:I, s:s, s:s, s:s, s:s}", "size",
                                     (json_int_t)r->report_size, "type",
                                     r->report_type, "sha256", r->report_sha256,
                                     "stored_at", r->report_at, "href", href)
                         : json_null();
    return json_pack(
        "{s:I, s:{s:I, s:s}, s:I, s:s, s:s, s:s, s:o, s:s, s:{s:o, s:s}, s:s, "
        "s:o, s:o}",
        "id", (json_int_t)r->id, "unit", "id", (json_int_t)r->unit_id, "name",
        it->unit_name, "region_id", (json_int_t)it->region_id, "kind",
        vocab_name(&vocab_review_kind, r->kind), "reviewed_on", r->reviewed_on,
        "result", vocab_name(&vocab_review_result, r->result), "reviewer",
        api_opt_text(r->reviewer), "note", r->note, "recorded_by", "user_id",
        api_id(r->recorded_by.user_id), "name", r->recorded_by.name,
        "recorded_at", r->recorded_at, "next_due",
        rv_date(review_due(on, on, r->kind)), "report", report);
}

static int rv_each(const struct review_item *it, void *arg)
{
    json_array_append_new(arg, api_review_json(it));
    return 0;
}

/* What is due at a unit, seen on a day: the list it goes into. */
struct rv_due {
    json_t *out;
    struct date today;
};

/*
 * The next review of each kind due at the unit of f, as Att göra counts
 * it (edu.c): {kind, due, state (upcoming, soon, overdue), last_review}.
 */
static int rv_due_each(const struct review_due_facts *f, void *arg)
{
    struct rv_due *d = arg;
    struct date since = {0, 0, 0}, none = {0, 0, 0};
    if (date_parse(f->since, &since) != 0)
        return 0;
    for (int k = 0; k < REVIEW_KIND_COUNT; k++) {
        struct date last = none;
        int has = f->last[k][0] && date_parse(f->last[k], &last) == 0;
        if (!has)
            last = none;
        struct date due = review_due(last, since, (enum review_kind)k);
        enum deadline_state st =
            deadline_state_of(due, 0, none, d->today, NULL);
        json_array_append_new(d->out,
                              json_pack("{s:s, s:o, s:s, s:o}", "kind",
                                        vocab_name(&vocab_review_kind, k),
                                        "due", rv_date(due), "state",
                                        deadline_state_name(st), "last_review",
                                        has ? rv_date(last) : json_null()));
    }
    return 0;
}

static int rv_page(struct api_call *call, const struct http_request *req,
                   struct api_page *pg, struct err_info *ei)
{
    struct review_filter f = {0, 0, -1};
    int rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "kind", &vocab_review_kind, &f.kind, ei);
    if (rc == 0)
        rc = store_review_list(call->store, &f, pg->limit, pg->offset, rv_each,
                               pg->items, &pg->total, ei);
    /* One unit's list says when its next review of each kind is due
     * (nothing when it trains no ST-läkare, or is out of scope). */
    if (rc == 0 && f.unit_id) {
        struct rv_due d = {json_array(), rv_today(call)};
        rc =
            store_review_due_facts(call->store, f.unit_id, rv_due_each, &d, ei);
        pg->extra = json_pack("{s:o}", "due", d.out);
    }
    return rc;
}

API_HANDLER(api_reviews_list)
{
    api_list_run(req, res, ctx, rv_page);
}

static void rv_send(struct api_call *call, struct http_response *res,
                    int status, int64_t id)
{
    struct err_info ei = {0};
    struct review_item it;
    if (store_review_get(call->store, id, &it, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, api_review_json(&it));
}

API_HANDLER(api_review_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        rv_send(ctx, res, 200, id);
}

API_HANDLER(api_review_create)
{
    static const char *const fields[] = {
        "unit_id", "kind", "reviewed_on", "result", "reviewer", "note", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct review r;
    memset(&r, 0, sizeof(r));
    int kind = 0, result = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &r.unit_id, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "kind", 1, &vocab_review_kind, &kind, &ei);
    if (rc == 0)
        rc = api_field_date(body, "reviewed_on", 1, 0, r.reviewed_on, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "result", 1, &vocab_review_result, &result,
                             &ei);
    if (rc == 0)
        rc = api_field_text(body, "reviewer", 0, 0, r.reviewer,
                            sizeof(r.reviewer), &ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, r.note, sizeof(r.note), &ei);
    json_decref(body);
    r.kind = (enum review_kind)kind;
    r.result = (enum review_result)result;
    api_caller_by(call, &r.recorded_by);
    if (rc == 0)
        rc = store_review_insert(call->store, &r, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rv_send(call, res, 201, r.id);
}

API_HANDLER(api_review_delete)
{
    api_delete_run(req, res, ctx, store_review_delete);
}

/* PUT /reviews/{id}/report: the body is the PDF itself, at most
 * REVIEW_REPORT_MAX bytes (the server refuses more with 413). */
API_HANDLER(api_review_report_put)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    int rc =
        store_review_report_set(call->store, id, req->body, req->body_len, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    rv_send(call, res, 200, id);
}

/* GET /reviews/{id}/report: the PDF, as an attachment named by the
 * review's kind, unit and day. */
API_HANDLER(api_review_report_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    void *data = NULL;
    size_t n = 0;
    struct review_item it;
    if (store_review_report_get(call->store, id, &data, &n, &it, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    char disposition[128], etag[80];
    snprintf(disposition, sizeof(disposition),
             "attachment; filename=\"%s-%lld-%s.pdf\"",
             vocab_name(&vocab_review_kind, it.review.kind),
             (long long)it.review.unit_id, it.review.reviewed_on);
    snprintf(etag, sizeof(etag), "\"%s\"", it.review.report_sha256);
    http_owned(res, 200, "application/pdf", data, n);
    http_header(res, "Content-Disposition", disposition);
    http_header(res, "ETag", etag);
    http_header(res, "Cache-Control", "no-store");
}

/* ---- doctors' programs ---- */

static json_t *pg_opt_date(const char *v)
{
    return api_opt_text(v);
}

/* "ongoing", "completed", or "left" (without completing, not back). */
static const char *pr_status(const struct program *p)
{
    if (p->completed_on[0])
        return "completed";
    if (p->left_on[0] && !p->returned_on[0])
        return "left";
    return "ongoing";
}

static struct date pr_day(const char *v)
{
    struct date d = {0, 0, 0};
    if (v[0])
        date_parse(v, &d);
    return d;
}

static json_t *pr_json(const struct program_item *it, struct date today)
{
    const struct program *p = &it->program;
    return json_pack(
        "{s:I, s:s, s:{s:I, s:s, s:s, s:o}, s:o, s:{s:I, s:s}, s:I, s:o, s:s, "
        "s:o, s:o, s:o, s:s, s:b}",
        "id", (json_int_t)p->id, "program",
        vocab_name(&vocab_program_kind, p->program), "person", "id",
        (json_int_t)it->person.id, "name", it->person.name, "email",
        it->person.email, "hsa_id", api_opt_text(it->person.hsa_id),
        "trainee_id", api_id(p->trainee_id), "unit", "id",
        (json_int_t)p->unit_id, "name", it->unit_name, "region_id",
        (json_int_t)it->region_id, "specialty",
        api_specialty_ref(&it->specialty), "start_date", p->start_date,
        "completed_on", pg_opt_date(p->completed_on), "left_on",
        pg_opt_date(p->left_on), "returned_on", pg_opt_date(p->returned_on),
        "status", pr_status(p), "in_region",
        metrics_in_region(pr_day(p->left_on), pr_day(p->returned_on), today));
}

struct pr_list {
    json_t *items;
    struct date today;
};

static int pr_each(const struct program_item *it, void *arg)
{
    struct pr_list *l = arg;
    json_array_append_new(l->items, pr_json(it, l->today));
    return 0;
}

static int pr_page(struct api_call *call, const struct http_request *req,
                   struct api_page *pg, struct err_info *ei)
{
    struct program_filter f = {0, 0, 0, 0, -1, NULL};
    struct pr_list l = {pg->items, rv_today(call)};
    int rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "trainee", &f.trainee_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "program", &vocab_program_kind, &f.program, ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = store_program_list(call->store, &f, pg->limit, pg->offset, pr_each,
                                &l, &pg->total, ei);
    return rc;
}

API_HANDLER(api_programs_list)
{
    api_list_run(req, res, ctx, pr_page);
}

static void pr_send(struct api_call *call, struct http_response *res,
                    int status, int64_t id)
{
    struct err_info ei = {0};
    struct program_filter f = {id, 0, 0, 0, -1, NULL};
    struct pr_list l = {json_array(), rv_today(call)};
    int64_t total = 0;
    int rc =
        store_program_list(call->store, &f, 1, 0, pr_each, &l, &total, &ei);
    if (rc == 0 && total == 0)
        rc = err_set(&ei, ERR_NOTFOUND, "id", "program %lld does not exist",
                     (long long)id);
    if (rc) {
        json_decref(l.items);
        api_fail(res, &ei);
        return;
    }
    json_t *o = json_incref(json_array_get(l.items, 0));
    json_decref(l.items);
    http_json(res, status, o);
}

API_HANDLER(api_program_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        pr_send(ctx, res, 200, id);
}

/* Reads the dates of a program's body onto p: start (required when
 * create and there is no trainee) and what became of the doctor. */
static int pr_dates(json_t *body, int start_required, struct program *p,
                    struct err_info *ei)
{
    int rc = api_field_date(body, "start_date", start_required, 0,
                            p->start_date, ei);
    if (rc == 0)
        rc = api_field_date(body, "completed_on", 0, 1, p->completed_on, ei);
    if (rc == 0)
        rc = api_field_date(body, "left_on", 0, 1, p->left_on, ei);
    if (rc == 0)
        rc = api_field_date(body, "returned_on", 0, 1, p->returned_on, ei);
    return rc;
}

API_HANDLER(api_program_create)
{
    static const char *const fields[] = {
        "program",    "person_id",    "name",    "email",
        "hsa_id",     "trainee_id",   "unit_id", "specialty_id",
        "start_date", "completed_on", "left_on", "returned_on",
        NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct person p;
    struct program pr;
    memset(&p, 0, sizeof(p));
    memset(&pr, 0, sizeof(pr));
    int kind = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "program", 1, &vocab_program_kind, &kind,
                             &ei);
    if (rc == 0)
        rc = api_field_id(body, "trainee_id", 0, 0, &pr.trainee_id, &ei);
    if (rc == 0 && pr.trainee_id &&
        !api_scope_sees(call, "trainee", pr.trainee_id))
        rc = err_set(&ei, ERR_INVAL, "trainee_id",
                     "trainee_id: no trainee %lld", (long long)pr.trainee_id);
    int named = json_object_get(body, "name") || json_object_get(body, "email");
    if (rc == 0)
        rc = api_field_id(body, "person_id", 0, 0, &p.id, &ei);
    if (rc == 0 && (p.id || pr.trainee_id) && named)
        rc = err_set(&ei, ERR_INVAL, "person_id",
                     "person_id: name a person (or an ST's trainee_id), or "
                     "give a new one's name and e-mail, not both");
    if (rc == 0 && !p.id && !pr.trainee_id)
        rc = api_field_text(body, "name", 1, 1, p.name, sizeof(p.name), &ei);
    if (rc == 0 && !p.id && !pr.trainee_id)
        rc = api_field_text(body, "email", 1, 3, p.email, sizeof(p.email), &ei);
    if (rc == 0 && !p.id && !pr.trainee_id)
        rc = api_field_text(body, "hsa_id", 0, 0, p.hsa_id, sizeof(p.hsa_id),
                            &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", !pr.trainee_id, 0, &pr.unit_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 0, 0, &pr.specialty_id, &ei);
    if (rc == 0)
        rc = pr_dates(body, !pr.trainee_id, &pr, &ei);
    json_decref(body);
    pr.program = (enum program_kind)kind;
    if (rc == 0)
        rc = store_program_create(call->store, &p, &pr, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    pr_send(call, res, 201, pr.id);
}

API_HANDLER(api_program_update)
{
    static const char *const fields[] = {"unit_id",      "start_date",
                                         "completed_on", "left_on",
                                         "returned_on",  NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct program pr;
    int rc = store_program_get(call->store, id, &pr, &ei);
    if (rc) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 0, 0, &pr.unit_id, &ei);
    if (rc == 0)
        rc = pr_dates(body, 0, &pr, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_program_update(call->store, &pr, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    pr_send(call, res, 200, id);
}

API_HANDLER(api_program_delete)
{
    api_delete_run(req, res, ctx, store_program_delete);
}
