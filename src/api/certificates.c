/*
 * The certificates (intyg) of a trainee over HTTP (issue 13): what can be
 * issued and its state, one certificate as JSON, as a PDF (doc/pdf.h) and
 * as a printable page (doc/html.h), and signing.
 *
 * A certificate is made from the store whenever it is read, never typed:
 * the trainee, the plan's activities, the bookings (a rotation is clinical
 * service under supervision at its unit, for its weeks, with the handledare
 * its verksamhetschef appointed), the checklist's goals and their states,
 * and the signatures given. Its facts are one JSON object (cert_facts()),
 * from which the list's item, the document and the content a signature
 * keeps are all made, so that the three cannot say different things.
 *
 * A certificate is ready when what it states is true: the activity done
 * (a rotation confirmed and ended, or completed) and every goal it states
 * met or certified; the BT certificate and the summary when every BT goal,
 * or every goal of the checklist, is. Signing one that is not is 422
 * naming the field (status, goal_ids) with the reason; the check runs
 * inside the signature's write (store_cert_sign()), so a goal cannot stop
 * being met between the check and the signature.
 *
 * A signature keeps the facts as they stood. Whenever a certificate is
 * read, each signature says whether it is stale: whether the facts now
 * differ from those it signed (a goal no longer met, the rotation's weeks,
 * unit or handledare changed, an activity added to the summary, ...). The
 * signatures themselves are no facts, and neither is who certified a met
 * goal on the checklist (cert_facts_compared()). A stale signature stays
 * (the certificate is still signed, by someone who saw other facts); the
 * JSON says "stale": true, and the PDF and the page print by it that the
 * facts changed after it was given.
 */
#include "api/api_impl.h"

#include "doc/doc.h"
#include "doc/html.h"
#include "doc/pdf.h"
#include "domain/cert.h"
#include "domain/edu.h"
#include "domain/week.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The stylesheet the printable page links to (ui/print.css). */
#define CERT_STYLESHEET "/print.css"
/* A PDF or page larger than this is refused (a summary is some 100 kB). */
#define CERT_DOC_MAX (8 * 1024 * 1024)

/* ---- what a trainee's certificates are made from ---- */

struct cert_need {
    int64_t id;
    int ngoals;
    int64_t goal_ids[STORE_LIST_MAX];
};

/* A signature with the facts it signed (NULL when they cannot be read). */
struct cert_signed {
    struct cert_signature sig;
    json_t *facts;
};

struct cert_ctx {
    struct store *s;
    int64_t trainee_id;
    struct trainee_item t;
    char main_supervisor[STORE_NAME_MAX]; /* huvudhandledare, or "" */
    struct edu_goal *goals;
    size_t ngoals, capgoals;
    struct activity *acts;
    size_t nacts, capacts;
    struct booking_view *books; /* requested, confirmed, completed */
    size_t nbooks, capbooks;
    struct cert_need *needs;
    size_t nneeds, capneeds;
    struct cert_signed *sigs;
    size_t nsigs, capsigs;
    struct date today;
    int this_week;
    char now[STORE_TIME_MAX];
};

static int cert_goal_each(const struct edu_goal *g, void *arg)
{
    struct cert_ctx *c = arg;
    xgrow((void **)&c->goals, &c->capgoals, c->ngoals + 1, sizeof(*c->goals));
    c->goals[c->ngoals++] = *g;
    return 0;
}

static int cert_activity_each(const struct activity *a, void *arg)
{
    struct cert_ctx *c = arg;
    xgrow((void **)&c->acts, &c->capacts, c->nacts + 1, sizeof(*c->acts));
    c->acts[c->nacts++] = *a;
    return 0;
}

static int cert_booking_each(const struct booking_view *v, void *arg)
{
    struct cert_ctx *c = arg;
    if (v->b.status != BOOKING_REQUESTED && v->b.status != BOOKING_CONFIRMED &&
        v->b.status != BOOKING_COMPLETED)
        return 0;
    xgrow((void **)&c->books, &c->capbooks, c->nbooks + 1, sizeof(*c->books));
    c->books[c->nbooks++] = *v;
    return 0;
}

static int cert_need_each(const struct need_item *it, void *arg)
{
    struct cert_ctx *c = arg;
    xgrow((void **)&c->needs, &c->capneeds, c->nneeds + 1, sizeof(*c->needs));
    struct cert_need *n = &c->needs[c->nneeds++];
    n->id = it->need.id;
    n->ngoals = it->need.ngoals;
    memcpy(n->goal_ids, it->need.goal_ids, sizeof(n->goal_ids));
    return 0;
}

static int cert_signature_each(const struct cert_signature *sig, void *arg)
{
    struct cert_ctx *c = arg;
    xgrow((void **)&c->sigs, &c->capsigs, c->nsigs + 1, sizeof(*c->sigs));
    struct cert_signed *cs = &c->sigs[c->nsigs++];
    cs->sig = *sig;
    cs->sig.content = NULL; /* the store's, gone after this call */
    cs->facts = sig->content ? json_loads(sig->content, 0, NULL) : NULL;
    return 0;
}

static void cert_ctx_release(struct cert_ctx *c)
{
    free(c->goals);
    free(c->acts);
    free(c->books);
    free(c->needs);
    for (size_t i = 0; i < c->nsigs; i++)
        json_decref(c->sigs[i].facts);
    free(c->sigs);
    memset(c, 0, sizeof(*c));
}

/* The name of supervisor id (a person), or "" for none. */
static void cert_supervisor_name(struct store *s, int64_t id, char *out,
                                 size_t size)
{
    struct supervisor sv;
    struct person p;
    struct err_info ei = {0};
    out[0] = '\0';
    if (id && store_supervisor_get(s, id, &sv, &ei) == 0 &&
        store_person_get(s, sv.person_id, &p, &ei) == 0)
        snprintf(out, size, "%s", p.name);
}

/* Reads everything trainee_id's certificates are made from. */
static int cert_load(struct store *s, int64_t trainee_id, struct cert_ctx *c,
                     struct err_info *ei)
{
    memset(c, 0, sizeof(*c));
    c->s = s;
    c->trainee_id = trainee_id;
    int64_t now = store_now(s);
    c->today = date_from_days((long)(now / 86400));
    c->this_week = week_from_date(c->today);
    time_t tt = (time_t)now;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(c->now, sizeof(c->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct booking_filter bf;
    memset(&bf, 0, sizeof(bf));
    bf.trainee_id = trainee_id;
    bf.status = -1;
    bf.from_week = bf.to_week = STORE_NONE;
    bf.soonest_first = 1;
    struct need_filter nf = {.trainee_id = trainee_id, .status = -1};
    int rc = store_trainee_item_get(s, trainee_id, &c->t, ei);
    if (rc == 0)
        cert_supervisor_name(s, c->t.trainee.supervisor_id, c->main_supervisor,
                             sizeof(c->main_supervisor));
    if (rc == 0)
        rc = store_edu_goals(s, trainee_id, cert_goal_each, c, ei);
    if (rc == 0)
        rc = store_activity_list(s, trainee_id, cert_activity_each, c, ei);
    int64_t bookings = 0;
    if (rc == 0)
        rc = store_booking_list(s, &bf, -1, 0, cert_booking_each, c, &bookings,
                                ei);
    if (rc == 0)
        rc = store_need_list(s, &nf, -1, 0, cert_need_each, c, NULL, ei);
    if (rc == 0)
        rc = store_cert_signatures(s, trainee_id, cert_signature_each, c, ei);
    return rc;
}

static const struct cert_need *cert_need(const struct cert_ctx *c, int64_t id)
{
    for (size_t i = 0; id && i < c->nneeds; i++)
        if (c->needs[i].id == id)
            return &c->needs[i];
    return NULL;
}

/* The rotation booked for need_id, or NULL. */
static const struct booking_view *cert_booking_of_need(const struct cert_ctx *c,
                                                       int64_t need_id)
{
    for (size_t i = 0; need_id && i < c->nbooks; i++)
        if (c->books[i].b.need_id == need_id)
            return &c->books[i];
    return NULL;
}

/* Whether activity a has a certificate of its own: a kind some form asks
 * for, and not clinical service in a booked rotation (whose certificate
 * is the rotation's). */
static int cert_activity_own(const struct cert_ctx *c, const struct activity *a)
{
    if (!cert_activity_has_form(a->kind))
        return 0;
    return !(a->kind == ACTIVITY_CLINICAL &&
             cert_booking_of_need(c, a->need_id));
}

/* ---- the facts of one certificate ---- */

/* The string at key of o, or "". */
static const char *cert_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static json_t *cert_date(struct date d)
{
    char s[DATE_STR_MAX];
    date_format(d, s);
    return json_string(s);
}

/* Adds "from", "to" (dates, the last day included), "weeks" of weeks
 * [from, to) to o; nulls when from is STORE_NONE. */
static void cert_period(json_t *o, int from, int to)
{
    if (from == STORE_NONE || to == STORE_NONE || to <= from) {
        json_object_set_new(o, "from", json_null());
        json_object_set_new(o, "to", json_null());
        json_object_set_new(o, "weeks", json_null());
        return;
    }
    struct date last = date_from_days(date_to_days(week_monday(to)) - 1);
    json_object_set_new(o, "from", cert_date(week_monday(from)));
    json_object_set_new(o, "to", cert_date(last));
    json_object_set_new(o, "first_week", api_week(from));
    json_object_set_new(o, "last_week", api_week_last(to));
    json_object_set_new(o, "weeks", json_integer(to - from));
}

/* Goal g as a certificate states it. */
static json_t *cert_goal_json(const struct edu_goal *g)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)g->goal.id, "code",
        g->goal.code, "title", g->goal.title, "status",
        vocab_name(&vocab_goal_status, g->status), "certified_by",
        g->status == GOAL_CERTIFIED ? json_string(g->certified_by.name)
                                    : json_null(),
        "certified_at", api_opt_text(g->certified_at));
}

/* Goal ids a certificate states, gathered from its sources. */
struct cert_ids {
    int64_t *ids;
    size_t n, cap;
};

static void cert_ids_add(struct cert_ids *set, const int64_t *ids, int n)
{
    for (int i = 0; i < n; i++) {
        xgrow((void **)&set->ids, &set->cap, set->n + 1, sizeof(*set->ids));
        set->ids[set->n++] = ids[i];
    }
}

/* The goals of set that are on the checklist, in its order (BT, a, b, c;
 * STc2 before STc10), each once; frees set. */
static json_t *cert_goals_of(const struct cert_ctx *c, struct cert_ids *set)
{
    json_t *goals = json_array();
    for (size_t i = 0; i < c->ngoals; i++)
        for (size_t j = 0; j < set->n; j++)
            if (set->ids[j] == c->goals[i].goal.id) {
                json_array_append_new(goals, cert_goal_json(&c->goals[i]));
                break;
            }
    free(set->ids);
    memset(set, 0, sizeof(*set));
    return goals;
}

/* "6 heltidsveckor, heltid": how much of the trainee's time a rotation
 * takes. */
static const char *cert_pattern_sv(enum pattern p)
{
    static const char *const names[] = {"heltid", "4 dagar i veckan",
                                        "3 dagar i veckan", "halvtid",
                                        "varannan vecka"};
    return (unsigned)p < PATTERN_COUNT ? names[p] : "";
}

/* The rotation of booking v. */
static json_t *cert_rotation_json(const struct cert_ctx *c,
                                  const struct booking_view *v)
{
    char handledare[STORE_NAME_MAX], extent[160];
    cert_supervisor_name(c->s, v->b.supervisor_id, handledare,
                         sizeof(handledare));
    snprintf(extent, sizeof(extent), "%d heltidsveckor, %s, vid %d %% tjänst",
             v->b.weeks, cert_pattern_sv(v->b.pattern), c->t.trainee.fte);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o}", "booking_id", (json_int_t)v->b.id,
        "unit", v->unit_name, "specialty", v->specialty_sv, "extent", extent,
        "status", vocab_name(&vocab_booking_status, v->b.status), "handledare",
        handledare[0] ? json_string(handledare) : json_null());
    cert_period(o, v->b.start_week, v->b.end_week);
    return o;
}

/* Activity a as the summary lists it. */
static json_t *cert_activity_json(const struct activity *a)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "activity_id",
                          (json_int_t)a->id, "title", a->title, "kind",
                          vocab_name(&vocab_activity_kind, a->kind), "status",
                          vocab_name(&vocab_activity_status, a->status));
    cert_period(o, a->from_week, a->to_week);
    return o;
}

/* For the BT certificate and the summary: under each goal, the activities
 * and rotations that served it ("met_by", as text). */
static void cert_met_by(const struct cert_ctx *c, json_t *goals)
{
    size_t k;
    json_t *g;
    json_array_foreach(goals, k, g)
    {
        int64_t id = json_integer_value(json_object_get(g, "id"));
        json_t *by = json_array();
        for (size_t i = 0; i < c->nacts; i++) {
            const struct activity *a = &c->acts[i];
            for (int j = 0; j < a->ngoals; j++)
                if (a->goal_ids[j] == id)
                    json_array_append_new(
                        by, json_sprintf("%s (%s)", a->title,
                                         cert_activity_name(a->kind)));
        }
        for (size_t i = 0; i < c->nbooks; i++) {
            const struct cert_need *n = cert_need(c, c->books[i].b.need_id);
            for (int j = 0; n && j < n->ngoals; j++)
                if (n->goal_ids[j] == id)
                    json_array_append_new(
                        by,
                        json_sprintf("%s (%s)", c->books[i].unit_name,
                                     cert_activity_name(ACTIVITY_CLINICAL)));
        }
        json_object_set_new(g, "met_by", by);
    }
}

/* Why a certificate cannot be signed yet: the field, in English for the
 * API and in Swedish for the document. */
struct cert_block {
    char field[ERR_FIELD_MAX];
    char reason[ERR_MSG_MAX];
    char reason_sv[ERR_MSG_MAX];
};

/* The first goal of goals that is not met, into why; 0 when all are. */
static int cert_goals_unmet(json_t *goals, const char *what,
                            struct cert_block *why)
{
    size_t k, unmet = 0;
    json_t *g, *first = NULL;
    json_array_foreach(goals, k, g)
    {
        int st = 0;
        vocab_parse(&vocab_goal_status,
                    json_string_value(json_object_get(g, "status")), &st);
        if (!cert_goal_met((enum goal_status)st)) {
            unmet++;
            if (!first)
                first = g;
        }
    }
    if (!json_array_size(goals)) {
        snprintf(why->field, sizeof(why->field), "goal_ids");
        snprintf(why->reason, sizeof(why->reason),
                 "goal_ids: %s names no goal; the form states which delmål "
                 "it covers",
                 what);
        snprintf(why->reason_sv, sizeof(why->reason_sv),
                 "Intyget anger inga delmål.");
        return 1;
    }
    if (!first)
        return 0;
    const char *code = json_string_value(json_object_get(first, "code"));
    const char *st = json_string_value(json_object_get(first, "status"));
    snprintf(why->field, sizeof(why->field), "goal_ids");
    if (unmet == 1)
        snprintf(why->reason, sizeof(why->reason),
                 "goal_ids: %s is %s, not met", code, st);
    else
        snprintf(why->reason, sizeof(why->reason),
                 "goal_ids: %zu goals are not met yet, the first %s (%s)",
                 unmet, code, st);
    snprintf(why->reason_sv, sizeof(why->reason_sv),
             "%zu av delmålen är inte uppfyllda ännu (först %s).", unmet, code);
    return 1;
}

/*
 * The facts of certificate key of c's trainee into *out (a new object),
 * and whether it is ready (why->field "" when it is). ERR_NOTFOUND when
 * the trainee has no such certificate.
 */
static int cert_facts(const struct cert_ctx *c, const struct cert_key *key,
                      json_t **out, struct cert_block *why, struct err_info *ei)
{
    char name[CERT_KEY_MAX];
    cert_key_format(key, name);
    memset(why, 0, sizeof(*why));
    *out = NULL;
    const struct trainee *t = &c->t.trainee;
    const struct booking_view *v = NULL;
    const struct activity *a = NULL;
    if (key->kind == CERT_ROTATION)
        for (size_t i = 0; i < c->nbooks; i++)
            if (c->books[i].b.id == key->id)
                v = &c->books[i];
    if (key->kind == CERT_ACTIVITY)
        for (size_t i = 0; i < c->nacts; i++)
            if (c->acts[i].id == key->id && cert_activity_own(c, &c->acts[i]))
                a = &c->acts[i];
    if ((key->kind == CERT_ROTATION && !v) ||
        (key->kind == CERT_ACTIVITY && !a) ||
        (key->kind == CERT_BT && t->regulation != REGULATION_2021))
        return err_set(ei, ERR_NOTFOUND, "cert",
                       "certificate %s does not exist", name);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s}", "id", name, "kind",
        vocab_name(&vocab_cert_kind, key->kind), "title",
        cert_form_title(key->kind), "subtitle",
        cert_form_subtitle(key->kind, a ? a->kind : ACTIVITY_CLINICAL),
        "regulation", vocab_name(&vocab_regulation, t->regulation),
        "regulation_title", regulation_title(t->regulation));
    json_object_set_new(
        o, "trainee",
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id",
                  (json_int_t)c->trainee_id, "name", c->t.person.name,
                  "specialty", c->t.specialty.name_sv, "home_unit",
                  c->t.home_unit_name, "start_date", t->start_date,
                  "supervisor",
                  c->main_supervisor[0] ? json_string(c->main_supervisor)
                                        : json_null()));
    json_t *goals = NULL;
    struct cert_ids set = {NULL, 0, 0};
    json_t *activity = json_null();
    if (v) {
        activity = cert_rotation_json(c, v);
        json_object_set_new(activity, "title", json_string(v->unit_name));
        const struct cert_need *n = cert_need(c, v->b.need_id);
        if (n)
            cert_ids_add(&set, n->goal_ids, n->ngoals);
        /* Clinical activities of the plan in this rotation add theirs. */
        for (size_t i = 0; v->b.need_id && i < c->nacts; i++)
            if (c->acts[i].kind == ACTIVITY_CLINICAL &&
                c->acts[i].need_id == v->b.need_id)
                cert_ids_add(&set, c->acts[i].goal_ids, c->acts[i].ngoals);
        goals = cert_goals_of(c, &set);
        int ended =
            v->b.status == BOOKING_COMPLETED ||
            (v->b.status == BOOKING_CONFIRMED && v->b.end_week <= c->this_week);
        if (!ended) {
            char last[WEEK_STR_MAX];
            week_format(v->b.end_week - 1, last);
            snprintf(why->field, sizeof(why->field), "status");
            if (v->b.status == BOOKING_REQUESTED) {
                snprintf(why->reason, sizeof(why->reason),
                         "status: the rotation is requested, not yet "
                         "confirmed");
                snprintf(why->reason_sv, sizeof(why->reason_sv),
                         "Placeringen är inte bekräftad ännu.");
            } else {
                snprintf(why->reason, sizeof(why->reason),
                         "status: the rotation runs until %s; it is "
                         "certified when it has ended",
                         last);
                int year = 0, week = 0;
                week_to_iso(v->b.end_week - 1, &year, &week);
                snprintf(why->reason_sv, sizeof(why->reason_sv),
                         "Placeringen pågår till och med vecka %d %d.", week,
                         year);
            }
        }
    } else if (a) {
        activity = cert_activity_json(a);
        if (a->kind == ACTIVITY_CLINICAL) {
            /* Clinical service at the home unit, supervised by the
             * huvudhandledare. */
            json_object_set_new(activity, "unit",
                                json_string(c->t.home_unit_name));
            json_object_set_new(activity, "handledare",
                                c->main_supervisor[0]
                                    ? json_string(c->main_supervisor)
                                    : json_null());
        }
        cert_ids_add(&set, a->goal_ids, a->ngoals);
        goals = cert_goals_of(c, &set);
        if (a->status != ACTIVITY_DONE) {
            snprintf(why->field, sizeof(why->field), "status");
            snprintf(why->reason, sizeof(why->reason),
                     "status: the activity is %s, not done",
                     vocab_name(&vocab_activity_status, a->status));
            snprintf(why->reason_sv, sizeof(why->reason_sv),
                     "Aktiviteten är inte genomförd ännu.");
        }
    } else {
        goals = json_array();
        for (size_t i = 0; i < c->ngoals; i++)
            if (key->kind == CERT_SUMMARY || c->goals[i].goal.group == GOAL_BT)
                json_array_append_new(goals, cert_goal_json(&c->goals[i]));
        cert_met_by(c, goals);
    }
    json_object_set_new(o, "activity", activity);
    if (!why->field[0])
        cert_goals_unmet(goals,
                         v   ? "the rotation"
                         : a ? "the activity"
                             : "the checklist",
                         why);
    json_object_set_new(o, "goals", goals);
    if (key->kind == CERT_SUMMARY) {
        json_t *rot = json_array(), *acts = json_array();
        for (size_t i = 0; i < c->nbooks; i++)
            json_array_append_new(rot, cert_rotation_json(c, &c->books[i]));
        for (size_t i = 0; i < c->nacts; i++)
            json_array_append_new(acts, cert_activity_json(&c->acts[i]));
        json_object_set_new(o, "rotations", rot);
        json_object_set_new(o, "activities", acts);
    }
    *out = o;
    return 0;
}

/* ---- a certificate as the API shows it ---- */

static json_t *cert_signers_json(enum cert_kind k)
{
    json_t *a = json_array();
    for (int r = 0; r < CERT_SIGNER_COUNT; r++)
        if (cert_signers(k) & (1u << r))
            json_array_append_new(
                a, json_string(vocab_name(&vocab_cert_signer, r)));
    return a;
}

/*
 * Facts as a signature's staleness compares them: a new copy of facts in
 * which each goal met counts as met, whoever certified it on the
 * checklist and when. Certifying a goal is a signature of its own and
 * keeps it met, so it does not change what a certificate signed over the
 * goal met states; a goal no longer met, a goal added or gone, a period,
 * unit, handledare or name changed all do. The certificate's own
 * signatures are not among its facts (cert_item() adds them), so a
 * co-signature leaves the first signature as it was.
 */
static json_t *cert_facts_compared(json_t *facts)
{
    json_t *o = json_deep_copy(facts);
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(o, "goals"), i, g)
    {
        if (strcmp(cert_str(g, "status"), "certified") == 0)
            json_object_set_new(g, "status", json_string("met"));
        json_object_del(g, "certified_by");
        json_object_del(g, "certified_at");
    }
    return o;
}

/* Whether a signature that signed facts was (those it kept) is stale now:
 * they are no longer what the certificate states (as compared above). A
 * signature whose facts cannot be read is not called stale. */
static int cert_stale(json_t *was, json_t *now_compared)
{
    if (!was)
        return 0;
    json_t *then = cert_facts_compared(was);
    int same = json_equal(then, now_compared);
    json_decref(then);
    return !same;
}

/* The signatures of certificate key, as JSON, each stale or not against
 * the certificate's facts now, and how many of the roles the form asks
 * for they cover. */
static json_t *cert_signatures_json(const struct cert_ctx *c,
                                    const struct cert_key *key, json_t *facts,
                                    int *given)
{
    json_t *a = json_array();
    json_t *now = cert_facts_compared(facts);
    *given = 0;
    for (size_t i = 0; i < c->nsigs; i++) {
        const struct cert_signature *sig = &c->sigs[i].sig;
        if (sig->key.kind != key->kind || sig->key.id != key->id)
            continue;
        if (cert_signers(key->kind) & (1u << sig->role))
            (*given)++;
        json_array_append_new(
            a, json_pack("{s:s, s:{s:o, s:s}, s:s, s:b}", "role",
                         vocab_name(&vocab_cert_signer, sig->role), "by",
                         "user_id", api_id(sig->by.user_id), "name",
                         sig->by.name, "at", sig->at, "stale",
                         cert_stale(c->sigs[i].facts, now)));
    }
    json_decref(now);
    return a;
}

/* How many roles sign certificates of kind k. */
static int cert_signer_count(enum cert_kind k)
{
    int n = 0;
    for (int r = 0; r < CERT_SIGNER_COUNT; r++)
        n += (cert_signers(k) & (1u << r)) != 0;
    return n;
}

/* The certificate as the list and GET show it: its facts with its state,
 * signatures and where its PDF and page are. Takes over facts. */
static json_t *cert_item(const struct cert_ctx *c, const struct cert_key *key,
                         json_t *facts, const struct cert_block *why)
{
    int given = 0;
    json_t *sigs = cert_signatures_json(c, key, facts, &given);
    const char *state = given >= cert_signer_count(key->kind) ? "signed"
                        : given                               ? "partly_signed"
                        : why->field[0]                       ? "not_ready"
                                                              : "ready";
    json_object_set_new(facts, "state", json_string(state));
    json_object_set_new(facts, "reason",
                        why->field[0]
                            ? json_pack("{s:s, s:s, s:s}", "field", why->field,
                                        "message", why->reason, "message_sv",
                                        why->reason_sv)
                            : json_null());
    json_object_set_new(facts, "signers", cert_signers_json(key->kind));
    json_object_set_new(facts, "signatures", sigs);
    const char *id = json_string_value(json_object_get(facts, "id"));
    json_object_set_new(
        facts, "pdf",
        json_sprintf("/api/v1/trainees/%lld/certificates/%s.pdf",
                     (long long)c->trainee_id, id));
    json_object_set_new(
        facts, "html",
        json_sprintf("/api/v1/trainees/%lld/certificates/%s.html",
                     (long long)c->trainee_id, id));
    return facts;
}

/* Every certificate c's trainee has, in the order the list shows them:
 * rotations by start, activities by first week, BT, the summary. */
static size_t cert_keys(const struct cert_ctx *c, struct cert_key **out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    for (size_t i = 0; i < c->nbooks; i++) {
        xgrow((void **)out, &cap, n + 1, sizeof(**out));
        (*out)[n++] = (struct cert_key){CERT_ROTATION, c->books[i].b.id};
    }
    for (size_t i = 0; i < c->nacts; i++)
        if (cert_activity_own(c, &c->acts[i])) {
            xgrow((void **)out, &cap, n + 1, sizeof(**out));
            (*out)[n++] = (struct cert_key){CERT_ACTIVITY, c->acts[i].id};
        }
    xgrow((void **)out, &cap, n + 2, sizeof(**out));
    if (c->t.trainee.regulation == REGULATION_2021)
        (*out)[n++] = (struct cert_key){CERT_BT, 0};
    (*out)[n++] = (struct cert_key){CERT_SUMMARY, 0};
    return n;
}

/* ---- the certificate as a document ---- */

static const char *cert_status_sv(const char *kind, const char *status)
{
    static const struct {
        const char *name, *sv;
    } names[] = {
        {"planned", "planerad"},    {"in_progress", "pågår"},
        {"done", "genomförd"},      {"requested", "begärd"},
        {"confirmed", "bekräftad"}, {"completed", "genomförd"},
    };
    (void)kind;
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (strcmp(names[i].name, status) == 0)
            return names[i].sv;
    return status;
}

/* "2026-03-02 – 2026-04-12 (v. 2026-W10–2026-W15, 6 veckor)" */
static void cert_period_text(json_t *o, char *out, size_t size)
{
    if (json_is_null(json_object_get(o, "from")) ||
        !json_object_get(o, "from")) {
        snprintf(out, size, "ej angiven");
        return;
    }
    snprintf(out, size, "%s – %s (v. %s–%s, %lld veckor)", cert_str(o, "from"),
             cert_str(o, "to"), cert_str(o, "first_week"),
             cert_str(o, "last_week"),
             (long long)json_integer_value(json_object_get(o, "weeks")));
}

/* A goal's line: its title, state, who certified it and, when given, what
 * met it. */
static void cert_goal_row(struct doc *d, json_t *g)
{
    struct buf b = BUF_INIT(0);
    int st = 0;
    vocab_parse(&vocab_goal_status, cert_str(g, "status"), &st);
    buf_addf(&b, "%s\n%s", cert_str(g, "title"),
             cert_goal_status_name((enum goal_status)st));
    if (st == GOAL_CERTIFIED)
        buf_addf(&b, " av %s %.10s", cert_str(g, "certified_by"),
                 cert_str(g, "certified_at"));
    json_t *by = json_object_get(g, "met_by");
    size_t i;
    json_t *x;
    json_array_foreach(by, i, x)
        buf_addf(&b, "%s%s", i ? "; " : "\nGenom: ", json_string_value(x));
    doc_row(d, cert_str(g, "code"), b.data);
    buf_release(&b);
}

static void cert_sign_rows(struct doc *d, json_t *item)
{
    json_t *signers = json_object_get(item, "signers");
    json_t *sigs = json_object_get(item, "signatures");
    size_t i, j;
    json_t *r, *s;
    json_array_foreach(signers, i, r)
    {
        const char *role = json_string_value(r);
        const char *label =
            strcmp(role, "director") == 0 ? "Studierektor" : "Handledare";
        const char *text = NULL;
        char line[600];
        json_array_foreach(sigs, j, s)
        {
            if (strcmp(cert_str(s, "role"), role) != 0)
                continue;
            const char *at = cert_str(s, "at");
            int n = snprintf(line, sizeof(line),
                             "Signerat av %s %.10s kl. %.5s UTC",
                             cert_str(json_object_get(s, "by"), "name"), at,
                             strlen(at) > 11 ? at + 11 : "");
            /* The signer saw other facts than those printed above. */
            if (json_is_true(json_object_get(s, "stale")) && n > 0 &&
                (size_t)n < sizeof(line))
                snprintf(line + n, sizeof(line) - (size_t)n,
                         "\nObs! Uppgifterna har ändrats efter underskriften "
                         "den %.10s. Underskriften gäller uppgifterna som de "
                         "var då.",
                         at);
            text = line;
        }
        doc_row(d, label, text ? text : "Ej signerat");
    }
}

/* The document of certificate item (cert_item()'s). */
static void cert_document(const struct cert_ctx *c, json_t *item, struct doc *d)
{
    json_t *t = json_object_get(item, "trainee");
    json_t *a = json_object_get(item, "activity");
    const char *kind = cert_str(item, "kind");
    char name[STORE_NAME_MAX + 120];
    snprintf(name, sizeof(name), "%s – %s", cert_str(item, "title"),
             cert_str(t, "name"));
    doc_init(d, name);
    doc_set_created(d, c->now);
    char footer[STORE_NAME_MAX + 160];
    snprintf(footer, sizeof(footer), "%s · %s · Randa %.10s",
             cert_str(t, "name"), cert_str(item, "id"), c->now);
    doc_set_footer(d, footer);
    doc_title(d, cert_str(item, "title"));
    if (cert_str(item, "subtitle")[0])
        doc_subtitle(d, cert_str(item, "subtitle"));
    char note[300];
    snprintf(note, sizeof(note),
             "Enligt %s. Förifyllt av Randa %.10s ur utbildningsplanen, "
             "placeringarna och checklistan.",
             cert_str(item, "regulation_title"), c->now);
    doc_note(d, note);

    doc_heading(d, "Sökande");
    doc_row(d, "Namn", cert_str(t, "name"));
    doc_row(d, "Specialitet", cert_str(t, "specialty"));
    doc_row(d, "Hemenhet", cert_str(t, "home_unit"));
    doc_row(d, "ST påbörjad", cert_str(t, "start_date"));
    doc_row(d, "Huvudhandledare",
            cert_str(t, "supervisor")[0] ? cert_str(t, "supervisor")
                                         : "ej utsedd");

    char period[200];
    if (!json_is_null(a)) {
        doc_heading(d, "Utbildningsaktivitet");
        if (strcmp(kind, "rotation") != 0)
            doc_row(d, "Aktivitet", cert_str(a, "title"));
        if (json_object_get(a, "unit"))
            doc_row(d, "Tjänstgöringsställe", cert_str(a, "unit"));
        cert_period_text(a, period, sizeof(period));
        doc_row(d, "Period", period);
        if (json_object_get(a, "extent"))
            doc_row(d, "Omfattning", cert_str(a, "extent"));
        if (json_object_get(a, "handledare"))
            doc_row(d, "Handledare",
                    cert_str(a, "handledare")[0] ? cert_str(a, "handledare")
                                                 : "ej utsedd");
        doc_row(d, "Status", cert_status_sv(kind, cert_str(a, "status")));
        doc_heading(d, "Delmål som aktiviteten avsett");
    } else if (strcmp(kind, "bt") == 0) {
        doc_heading(d, "Delmål i bastjänstgöringen");
    } else {
        doc_heading(d, "Delmål");
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(item, "goals"), i, x)
        cert_goal_row(d, x);
    if (!json_array_size(json_object_get(item, "goals")))
        doc_para(d, "Inga delmål angivna.");

    if (strcmp(kind, "summary") == 0) {
        doc_heading(d, "Klinisk tjänstgöring");
        json_array_foreach(json_object_get(item, "rotations"), i, x)
        {
            cert_period_text(x, period, sizeof(period));
            doc_rowf(d, cert_str(x, "unit"), "%s\n%s\nHandledare: %s\n%s",
                     period, cert_str(x, "extent"),
                     cert_str(x, "handledare")[0] ? cert_str(x, "handledare")
                                                  : "ej utsedd",
                     cert_status_sv("rotation", cert_str(x, "status")));
        }
        if (!json_array_size(json_object_get(item, "rotations")))
            doc_para(d, "Inga placeringar.");
        doc_heading(d, "Utbildningsaktiviteter");
        json_array_foreach(json_object_get(item, "activities"), i, x)
        {
            int k = 0;
            vocab_parse(&vocab_activity_kind, cert_str(x, "kind"), &k);
            cert_period_text(x, period, sizeof(period));
            doc_rowf(d, cert_str(x, "title"), "%s\n%s\n%s",
                     cert_activity_name((enum activity_kind)k), period,
                     cert_status_sv("activity", cert_str(x, "status")));
        }
        if (!json_array_size(json_object_get(item, "activities")))
            doc_para(d, "Inga utbildningsaktiviteter.");
    }

    doc_heading(d, "Intygande");
    if (strcmp(kind, "summary") == 0)
        doc_para(d, "Undertecknade intygar att sammanställningen stämmer med "
                    "sökandens utbildningsplan och dokumentation.");
    else if (strcmp(kind, "bt") == 0)
        doc_para(d, "Undertecknade intygar att sökanden har genomfört "
                    "bastjänstgöringen och uppfyllt kompetenskraven i "
                    "delmålen ovan.");
    else
        doc_para(d, "Undertecknad intygar att sökanden har genomfört "
                    "utbildningsaktiviteten och uppfyllt kompetenskraven i "
                    "de delmål som anges ovan.");
    cert_sign_rows(d, item);
    const char *state = cert_str(item, "state");
    if (strcmp(state, "not_ready") == 0) {
        char why[400];
        snprintf(why, sizeof(why), "Intyget kan inte signeras ännu. %s",
                 cert_str(item, "reason_sv"));
        doc_note(d, why);
    }
}

/* ---- handlers ---- */

/* Reads {cert} of the path: the key and the format it ends with ("",
 * "pdf", "html"). 0, or ERR_NOTFOUND. */
static int cert_path(const struct http_request *req, struct cert_key *key,
                     const char **format, struct err_info *ei)
{
    const char *p = http_param(req, "cert");
    char name[CERT_KEY_MAX + 8];
    *format = "";
    if (!p || strlen(p) >= sizeof(name))
        return err_set(ei, ERR_NOTFOUND, "cert", "no such certificate");
    snprintf(name, sizeof(name), "%s", p);
    char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".pdf") == 0)
        *format = "pdf";
    else if (dot && strcmp(dot, ".html") == 0)
        *format = "html";
    else if (dot)
        return err_set(ei, ERR_NOTFOUND, "cert",
                       "certificate %.60s does not exist", p);
    if (dot)
        *dot = '\0';
    if (cert_key_parse(name, key) != 0)
        return err_set(ei, ERR_NOTFOUND, "cert",
                       "certificate %.60s does not exist", p);
    return 0;
}

/* The item of certificate key into *out (with "reason_sv" when it is not
 * ready, for the document). */
static int cert_one(const struct cert_ctx *c, const struct cert_key *key,
                    json_t **out, struct err_info *ei)
{
    json_t *facts = NULL;
    struct cert_block why;
    int rc = cert_facts(c, key, &facts, &why, ei);
    if (rc)
        return rc;
    *out = cert_item(c, key, facts, &why);
    if (why.field[0])
        json_object_set_new(*out, "reason_sv", json_string(why.reason_sv));
    return 0;
}

static int cert_list_page(struct api_call *call, const struct http_request *req,
                          struct api_page *pg, struct err_info *ei)
{
    int64_t id = 0;
    struct cert_ctx c;
    int rc = api_path_id(req, "id", &id, ei);
    if (rc)
        return rc;
    rc = cert_load(call->store, id, &c, ei);
    struct cert_key *keys = NULL;
    size_t n = rc ? 0 : cert_keys(&c, &keys);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *item = NULL;
        rc = cert_one(&c, &keys[i], &item, ei);
        if (rc)
            break;
        json_object_del(item, "reason_sv");
        if (pg->total >= pg->offset &&
            pg->total < (int64_t)pg->offset + pg->limit)
            json_array_append_new(pg->items, item);
        else
            json_decref(item);
        pg->total++;
    }
    free(keys);
    cert_ctx_release(&c);
    return rc;
}

/* GET /trainees/{id}/certificates */
API_HANDLER(api_certificates_list)
{
    api_list_run(req, res, ctx, cert_list_page);
}

/* Sends the PDF or the page of item, or the item itself as JSON. */
static void cert_send(const struct cert_ctx *c, json_t *item,
                      const char *format, struct http_response *res)
{
    if (!format[0]) {
        json_object_del(item, "reason_sv");
        http_json(res, 200, item);
        return;
    }
    struct doc d;
    cert_document(c, item, &d);
    struct buf out = BUF_INIT(CERT_DOC_MAX);
    struct err_info ei = {0};
    int rc = strcmp(format, "pdf") == 0 ? doc_pdf(&d, &out, NULL, &ei)
                                        : doc_html(&d, CERT_STYLESHEET, &out);
    doc_release(&d);
    if (rc) {
        buf_release(&out);
        http_error(res, 500, "internal", NULL, "the %s could not be made: %s",
                   format, ei.msg[0] ? ei.msg : "too large");
        json_decref(item);
        return;
    }
    size_t len = out.len;
    if (strcmp(format, "pdf") == 0) {
        char disposition[120];
        snprintf(disposition, sizeof(disposition),
                 "inline; filename=\"intyg-%lld-%s.pdf\"",
                 (long long)c->trainee_id, cert_str(item, "id"));
        http_owned(res, 200, "application/pdf", buf_detach(&out), len);
        http_header(res, "Content-Disposition", disposition);
    } else {
        http_owned(res, 200, "text/html; charset=utf-8", buf_detach(&out), len);
    }
    /* A certificate holds personal data: no cache keeps it. */
    http_header(res, "Cache-Control", "no-store");
    json_decref(item);
}

/* GET /trainees/{id}/certificates/{cert}[.pdf|.html] */
API_HANDLER(api_certificate_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct cert_key key;
    const char *format = "";
    struct cert_ctx c;
    memset(&c, 0, sizeof(c));
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0)
        rc = cert_path(req, &key, &format, &ei);
    if (rc == 0)
        rc = cert_load(call->store, id, &c, &ei);
    json_t *item = NULL;
    if (rc == 0)
        rc = cert_one(&c, &key, &item, &ei);
    if (rc)
        api_fail(res, &ei);
    else
        cert_send(&c, item, format, res);
    cert_ctx_release(&c);
}

/* What the check inside the signature's write needs. */
struct cert_sign_arg {
    int64_t trainee_id;
    struct cert_key key;
};

/* store_cert_check: the certificate as the write sees it must be ready;
 * its facts are what the signature keeps. A signature in the role given
 * before stands unless it is stale (cert_stale()): then it is renewed. */
static int cert_sign_check(struct store *s, void *arg,
                           const struct cert_signature *given, char **content,
                           struct err_info *ei)
{
    struct cert_sign_arg *sa = arg;
    struct cert_ctx c;
    json_t *facts = NULL;
    struct cert_block why;
    int rc = cert_load(s, sa->trainee_id, &c, ei);
    if (rc == 0)
        rc = cert_facts(&c, &sa->key, &facts, &why, ei);
    if (rc == 0 && why.field[0])
        rc = err_set(ei, ERR_INVAL, why.field, "%s", why.reason);
    if (rc == 0 && given) {
        json_t *was = json_loads(given->content, 0, NULL);
        json_t *now = cert_facts_compared(facts);
        if (!cert_stale(was, now))
            rc = err_set(ei, ERR_CONFLICT, "role",
                         "role: signed as %s already, by %s at %s, and what "
                         "it states has not changed since",
                         vocab_name(&vocab_cert_signer, given->role),
                         given->by.name, given->at);
        json_decref(was);
        json_decref(now);
    }
    if (rc == 0)
        *content = json_dumps(facts, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(facts);
    cert_ctx_release(&c);
    return rc;
}

/* POST /trainees/{id}/certificates/{cert}/sign {"role"} */
API_HANDLER(api_certificate_sign)
{
    static const char *const fields[] = {"role", NULL};
    static const enum role roles[CERT_SIGNER_COUNT] = {ROLE_SUPERVISOR,
                                                       ROLE_DIRECTOR};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int role = -1;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "role", 1, &vocab_cert_signer, &role, &ei);
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    struct cert_sign_arg sa = {id, {CERT_SUMMARY, 0}};
    const char *format = "";
    rc = cert_path(req, &sa.key, &format, &ei);
    if (rc == 0 && format[0])
        rc = err_set(&ei, ERR_NOTFOUND, "cert",
                     "sign the certificate, not "
                     "its %s",
                     format);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    struct subject su;
    if (store_subject(call->store, "trainee", id, &su, &ei) != 0 ||
        !api_may(call, (int)roles[role], "certificate.sign", &su)) {
        http_error(res, 403, "forbidden", "role",
                   "role: you do not sign this trainee's certificates as %s",
                   vocab_name(&vocab_cert_signer, role));
        return;
    }
    if (!(cert_signers(sa.key.kind) & (1u << role))) {
        http_error(res, 422, "invalid", "role",
                   "role: the form asks no %s's signature; the handledare "
                   "signs it",
                   vocab_name(&vocab_cert_signer, role));
        return;
    }
    struct cert_signature sig;
    memset(&sig, 0, sizeof(sig));
    sig.trainee_id = id;
    sig.key = sa.key;
    sig.role = (enum cert_signer)role;
    api_caller_by(call, &sig.by);
    rc = store_cert_sign(call->store, &sig, cert_sign_check, &sa, &ei);
    struct cert_ctx c;
    memset(&c, 0, sizeof(c));
    json_t *item = NULL;
    if (rc == 0)
        rc = cert_load(call->store, id, &c, &ei);
    if (rc == 0)
        rc = cert_one(&c, &sa.key, &item, &ei);
    if (rc)
        api_fail(res, &ei);
    else
        cert_send(&c, item, "", res);
    cert_ctx_release(&c);
}
