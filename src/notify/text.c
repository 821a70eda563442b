/* The Swedish words of notification e-mails (text.h). */
#include "notify/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The text of member key of params, or "" when it has none. */
static const char *text_param(json_t *params, const char *key)
{
    json_t *v = json_object_get(params, key);
    if (json_is_string(v))
        return json_string_value(v);
    return "";
}

/* A member that may be a number (a version), as text into out. */
static const char *text_param_num(json_t *params, const char *key, char *out,
                                  size_t size)
{
    json_t *v = json_object_get(params, key);
    if (json_is_integer(v))
        snprintf(out, size, "%lld", (long long)json_integer_value(v));
    else
        snprintf(out, size, "%s", text_param(params, key));
    return out;
}

/* The Swedish name of a deadline or to-do item's kind. */
static const char *text_deadline_what(const char *what)
{
    static const struct {
        const char *name, *sv;
    } whats[] = {
        {"contract", "ST-kontrakt"},
        {"plan", "Utbildningsplan"},
        {"revision", "Revision av utbildningsplanen"},
        {"booking", "Bokning av randning"},
        {"bt", "BT-intyg"},
        {"feedback", "Återkoppling på randning"},
        {"assessment", "Bedömning av randning"},
        {"stins", "Självvärdering (STINS)"},
        {"spur", "Extern granskning (SPUR)"},
    };
    for (size_t i = 0; i < sizeof(whats) / sizeof(whats[0]); i++)
        if (strcmp(whats[i].name, what) == 0)
            return whats[i].sv;
    return "Att göra";
}

static const char *text_reason(const char *reason)
{
    if (strcmp(reason, "sick_leave") == 0)
        return "sjukskrivning";
    if (strcmp(reason, "parental_leave") == 0)
        return "föräldraledighet";
    if (strcmp(reason, "changed_plan") == 0)
        return "ändrad planering";
    if (strcmp(reason, "other") == 0)
        return "annat skäl";
    return "";
}

/* " v. FROM–TO" of the weeks params name, or nothing. */
static void text_weeks(json_t *p, struct buf *out)
{
    const char *from = text_param(p, "from"), *to = text_param(p, "to");
    if (*from && *to && strcmp(from, to) != 0)
        buf_addf(out, ", v. %s–%s", from, to);
    else if (*from)
        buf_addf(out, ", från v. %s", from);
}

/* "Åsa Öberg på Kardiologi" or either alone. */
static void text_who_where(json_t *p, const char *joint, struct buf *out)
{
    const char *trainee = text_param(p, "trainee"),
               *unit = text_param(p, "unit");
    if (*trainee && *unit)
        buf_addf(out, "%s %s %s", trainee, joint, unit);
    else if (*trainee)
        buf_adds(out, trainee);
    else if (*unit)
        buf_adds(out, unit);
}

/* The subject-like line of n (no link), from its kind and params. */
static void text_title(const struct notification *n, json_t *p, struct buf *out)
{
    char num[32];
    switch (n->kind) {
    case NOTIFY_OFFER:
        buf_adds(out, "Erbjudande om randningsplats: ");
        text_who_where(p, "på", out);
        text_weeks(p, out);
        break;
    case NOTIFY_OFFER_GONE:
        buf_adds(out, "Platsen har gått till någon annan: ");
        text_who_where(p, "på", out);
        text_weeks(p, out);
        break;
    case NOTIFY_REQUEST:
        buf_adds(out, "Bokningsförfrågan att besvara: ");
        text_who_where(p, "till", out);
        text_weeks(p, out);
        break;
    case NOTIFY_ANSWER:
        buf_adds(out, strcmp(text_param(p, "status"), "declined") == 0
                          ? "Bokningsförfrågan avböjd: "
                          : "Bokningsförfrågan bekräftad: ");
        text_who_where(p, "på", out);
        text_weeks(p, out);
        break;
    case NOTIFY_PLAN_APPROVAL:
        buf_addf(out, "Utbildningsplan att godkänna: %s",
                 text_param(p, "trainee"));
        if (*text_param_num(p, "version", num, sizeof(num)))
            buf_addf(out, ", version %s", num);
        break;
    case NOTIFY_DEADLINE: {
        const char *due = text_param(p, "due");
        buf_addf(out, "%s: %s",
                 strcmp(text_param(p, "state"), "overdue") == 0 ? "Försenat"
                                                                : "Snart dags",
                 text_deadline_what(text_param(p, "what")));
        if (*text_param(p, "trainee") || *text_param(p, "unit")) {
            buf_adds(out, " – ");
            text_who_where(p, "på", out);
        }
        if (*due)
            buf_addf(out, ", senast %s", due);
        break;
    }
    case NOTIFY_CANCELLATION: {
        const char *why = text_reason(text_param(p, "reason"));
        buf_adds(out, "Randning avbokad: ");
        text_who_where(p, "på", out);
        text_weeks(p, out);
        if (*why)
            buf_addf(out, " (%s)", why);
        break;
    }
    case NOTIFY_PLACE_FREED:
        buf_adds(out, "En randningsplats har blivit ledig: ");
        text_who_where(p, "på", out);
        text_weeks(p, out);
        break;
    default:
        buf_adds(out, "Avisering från Randa");
    }
}

void notify_text_line(const struct notification *n, struct buf *out)
{
    json_t *p = json_loads(n->params, 0, NULL);
    if (!json_is_object(p)) {
        json_decref(p);
        p = json_object();
    }
    text_title(n, p, out);
    json_decref(p);
}

/* base_url with its final "/", then link without its "#" kept: the page. */
static void text_link(const char *base_url, const char *link, struct buf *out)
{
    size_t n = strlen(base_url);
    buf_adds(out, base_url);
    if (n == 0 || base_url[n - 1] != '/')
        buf_adds(out, "/");
    buf_adds(out, link);
}

/* What the recipient is asked to do, one sentence per kind. */
static const char *text_call(enum notify_kind kind)
{
    switch (kind) {
    case NOTIFY_OFFER:
        return "Svara på erbjudandet i Randa innan svarstiden går ut.";
    case NOTIFY_REQUEST:
        return "Bekräfta eller avböj förfrågan i Randa.";
    case NOTIFY_PLAN_APPROVAL:
        return "Granska och godkänn planen i Randa.";
    case NOTIFY_DEADLINE:
        return "Se vad som återstår på sidan Att göra i Randa.";
    default:
        return "Läs mer i Randa.";
    }
}

static const char text_footer[] =
    "\n-- \nDet här meddelandet skickades automatiskt av Randa. Du väljer "
    "vilka aviseringar som kommer med e-post, och om de kommer en och en "
    "eller samlade en gång om dagen, under Mitt konto i Randa.\n";

void notify_text_single(const struct notification *n, const char *base_url,
                        struct buf *subject, struct buf *body)
{
    buf_adds(subject, "Randa: ");
    notify_text_line(n, subject);
    buf_adds(body, "Hej!\n\n");
    notify_text_line(n, body);
    buf_addf(body, ".\n\n%s\n\n", text_call(n->kind));
    text_link(base_url, n->link, body);
    buf_adds(body, "\n");
    buf_adds(body, text_footer);
}

void notify_text_digest(const struct notification *list, int n,
                        const char *base_url, struct buf *subject,
                        struct buf *body)
{
    if (n == 1)
        buf_adds(subject, "Randa: 1 ny avisering");
    else
        buf_addf(subject, "Randa: %d nya aviseringar", n);
    buf_adds(body, "Hej!\n\nDet här har hänt i Randa sedan förra "
                   "sammanfattningen:\n");
    for (int i = 0; i < n; i++) {
        buf_adds(body, "\n* ");
        notify_text_line(&list[i], body);
        buf_adds(body, "\n  ");
        text_link(base_url, list[i].link, body);
        buf_adds(body, "\n");
    }
    buf_adds(body, "\nAlla aviseringar finns under Aviseringar i Randa: ");
    text_link(base_url, "#/aviseringar", body);
    buf_adds(body, "\n");
    buf_adds(body, text_footer);
}
