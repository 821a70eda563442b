/*
 * Imports (store/import.h): each row of a file found by its natural key
 * and written with the store's own functions, in one transaction.
 */
#include "store/import.h"

#include "domain/pattern.h"
#include "domain/week.h"
#include "store/store_impl.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A key the file gave already, with its line. */
struct imp_seen {
    char key[IMPORT_KEY_MAX];
    char value[IMPORT_KEY_MAX]; /* what it went with (an e-mail), or "" */
    int line;
};

/* The import under way. */
struct imp {
    struct store *s;
    enum import_kind kind;
    const struct import_kind_info *info;
    const struct table *t;
    struct import_header h;
    struct import_report *rep;
    const struct grant *grants;
    int ngrants;
    int dry_run;
    int row, line; /* the row being read: index in t and line of the file */
    int bad;       /* problems found in the row so far */
    struct imp_seen *seen;
    size_t nseen, capseen;
    char cells[IMPORT_COLS_MAX][CSV_CELL_MAX];
};

/* ---- the row's cells and problems ---- */

/* The index of the kind's column name, or -1 when it has none such. */
static int imp_col_find(const struct imp *x, const char *name)
{
    for (int i = 0; name && i < x->info->ncolumns; i++)
        if (strcmp(x->info->columns[i].name, name) == 0)
            return i;
    return -1;
}

/* The index of the kind's column name (which must be one). */
static int imp_col(const struct imp *x, const char *name)
{
    int i = imp_col_find(x, name);
    if (i < 0)
        abort(); /* a column every caller names exists */
    return i;
}

/* The trimmed cell of the current row in column name ("" when empty). */
static const char *imp_get(const struct imp *x, const char *name)
{
    return x->cells[imp_col(x, name)];
}

/* The current row's cell in column, or NULL when column is none of the
 * kind's (or ""). */
static const char *imp_cell(const struct imp *x, const char *column)
{
    int i = imp_col_find(x, column);
    return i < 0 ? NULL : x->cells[i];
}

/* A problem of code of the current row in column (may be ""); the
 * problem keeps the column's cell as the file wrote it. */
static void imp_fail(struct imp *x, const char *column, enum import_code code,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void imp_fail(struct imp *x, const char *column, enum import_code code,
                     const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int before = x->rep->nproblems;
    import_problem(x->rep, x->line, column, code, "%s", msg);
    if (x->rep->nproblems > before)
        import_problem_value(&x->rep->problems[before], imp_cell(x, column));
    x->bad++;
}

/* The file's column for a field a store error names. */
static const char *imp_column_of(const struct imp *x, const char *field)
{
    static const struct {
        const char *field, *column;
    } alias[] = {
        {"home_unit_id", "home_unit"},
        {"specialty_id", "specialty"},
        {"unit_id", "unit"},
        {"trainee_id", "trainee"},
        {"need_id", "trainee"},
        {"person_id", "email"},
        {"region_id", "region"},
        {"provider_id", "provider"},
        {"site_id", "site"},
        {"area_id", "area"},
        {"role", "roles"},
        {"unit_ids", "units"},
        {"end_week", "start_week"},
    };
    const char *col = field;
    for (size_t i = 0; i < sizeof(alias) / sizeof(*alias); i++)
        if (strcmp(alias[i].field, field) == 0)
            col = alias[i].column;
    for (int i = 0; i < x->info->ncolumns; i++)
        if (strcmp(x->info->columns[i].name, col) == 0)
            return col;
    return "";
}

/*
 * The store's error ei as a problem of code of the row, in the column of
 * the field it names (the field's name taken off the message's start).
 */
static void imp_store_problem(struct imp *x, enum import_code code,
                              const struct err_info *ei)
{
    const char *msg = ei->msg;
    size_t n = strlen(ei->field);
    if (n && strncmp(msg, ei->field, n) == 0 && msg[n] == ':' &&
        msg[n + 1] == ' ')
        msg += n + 2;
    imp_fail(x, imp_column_of(x, ei->field), code, "%s", msg);
}

/*
 * A store write's refusal rc, detailed in ei, as a problem of the row: a
 * record that does not exist is unknown, a clash a conflict, anything
 * else refused by the store's rules. Returns ERR_INVAL, or the code
 * itself when the database failed (ERR_DB), which ends the import.
 */
static int imp_refused(struct imp *x, int rc, const struct err_info *ei)
{
    enum import_code code = IMPORT_CODE_REFUSED;
    switch (rc) {
    case ERR_DB:
        return rc;
    case ERR_NOTFOUND:
        code = IMPORT_CODE_UNKNOWN;
        break;
    case ERR_CONFLICT:
    case ERR_EXISTS:
        code = IMPORT_CODE_CONFLICT;
        break;
    case ERR_SYNTAX:
        code = IMPORT_CODE_MALFORMED;
        break;
    default:
        break;
    }
    imp_store_problem(x, code, ei);
    return ERR_INVAL;
}

/* A cell reader's error ei (import.h) as a problem of column name: not
 * written as the value should be, or a value not allowed. */
static void imp_cell_failed(struct imp *x, const char *name,
                            const struct err_info *ei)
{
    imp_fail(x, name,
             ei->code == ERR_SYNTAX ? IMPORT_CODE_MALFORMED
                                    : IMPORT_CODE_OUT_OF_RANGE,
             "%s", ei->msg);
}

/* A required cell: a problem when empty. Returns the cell or NULL. */
static const char *imp_need(struct imp *x, const char *name)
{
    const char *v = imp_get(x, name);
    if (v[0])
        return v;
    imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
    return NULL;
}

static void imp_text(struct imp *x, const char *name, size_t min, char *out,
                     size_t size)
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    if (min && !v[0])
        imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
    else if (import_read_text(v, min, out, size, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

/* A date; "" stays "" unless required. */
static void imp_date(struct imp *x, const char *name, int required,
                     char out[STORE_DATE_MAX])
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    out[0] = '\0';
    if (!v[0]) {
        if (required)
            imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
        return;
    }
    if (import_read_date(v, out, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

/* A week; STORE_NONE when empty and not required. */
static void imp_week(struct imp *x, const char *name, int required, int *out)
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    *out = STORE_NONE;
    if (!v[0]) {
        if (required)
            imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
        return;
    }
    if (import_read_week(v, out, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

/* A number; dflt when empty and not required. */
static void imp_int(struct imp *x, const char *name, int required, int lo,
                    int hi, int dflt, int *out)
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    *out = dflt;
    if (!v[0]) {
        if (required)
            imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
        return;
    }
    if (import_read_int(v, lo, hi, out, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

static void imp_vocab(struct imp *x, const char *name, int required,
                      const struct vocab *vocab, int dflt, int *out)
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    *out = dflt;
    if (!v[0]) {
        if (required)
            imp_fail(x, name, IMPORT_CODE_REQUIRED, "must not be empty");
        return;
    }
    if (import_read_vocab(v, vocab, out, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

static void imp_patterns(struct imp *x, const char *name, unsigned dflt,
                         unsigned *out)
{
    struct err_info ei = {0};
    const char *v = imp_get(x, name);
    *out = dflt;
    if (v[0] && import_read_patterns(v, out, &ei) != 0)
        imp_cell_failed(x, name, &ei);
}

/*
 * Whether the key was on an earlier line of the file: a problem of column
 * (a record named twice would be written twice). value, when not NULL, is
 * what the key goes with; a key seen with another value is a problem too
 * (one HSA-id given to two e-mails). Records the key otherwise.
 */
static int imp_seen(struct imp *x, const char *column, const char *key,
                    const char *value, const char *what)
{
    for (size_t i = 0; i < x->nseen; i++) {
        if (strcmp(x->seen[i].key, key) != 0)
            continue;
        if (!value) {
            imp_fail(x, column, IMPORT_CODE_DUPLICATE,
                     "the same %s as line %d: a record may be on "
                     "one line of a file only",
                     what, x->seen[i].line);
            return 1;
        }
        if (strcmp(x->seen[i].value, value) != 0) {
            imp_fail(x, column, IMPORT_CODE_DUPLICATE,
                     "line %d gives the same %s to %s", x->seen[i].line, what,
                     x->seen[i].value);
            return 1;
        }
        return 0;
    }
    xgrow((void **)&x->seen, &x->capseen, x->nseen + 1, sizeof(*x->seen));
    struct imp_seen *e = &x->seen[x->nseen++];
    snprintf(e->key, sizeof(e->key), "%s", key);
    snprintf(e->value, sizeof(e->value), "%s", value ? value : "");
    e->line = x->line;
    return 0;
}

/* ---- natural keys ---- */

/*
 * The id the query (one text argument) selects, or 0 when none; a problem
 * of column "no WHAT VALUE" when required and none. ERR_DB on failure.
 */
static int imp_find(struct imp *x, const char *sql, const char *value,
                    const char *column, const char *what, int64_t *id)
{
    struct err_info ei = {0};
    *id = 0;
    int rc = store__count(x->s, &ei, id, sql, "t", value);
    if (rc == ERR_NOTFOUND || (rc == 0 && *id == 0)) {
        *id = 0;
        if (column)
            imp_fail(x, column, IMPORT_CODE_UNKNOWN, "no %s %.80s in Randa",
                     what, value);
        return 0;
    }
    return rc;
}

static int imp_unit(struct imp *x, const char *column, const char *hsa,
                    int64_t *id)
{
    return imp_find(x, "SELECT coalesce(max(id), 0) FROM unit WHERE hsa_id = ?",
                    hsa, column, "unit with HSA-id", id);
}

static int imp_specialty(struct imp *x, const char *column, const char *code,
                         int64_t *id)
{
    return imp_find(x,
                    "SELECT coalesce(max(id), 0) FROM specialty "
                    "WHERE code = ?",
                    code, column, "specialty", id);
}

/*
 * The trainee a row names in column trainee (an e-mail or HSA-id) and, when
 * the person trains in more than one specialty, trainee_specialty.
 */
static int imp_trainee(struct imp *x, int64_t *id)
{
    *id = 0;
    const char *who = imp_need(x, "trainee");
    const char *sp = imp_get(x, "trainee_specialty");
    int64_t spid = 0;
    int rc = 0;
    if (sp[0] && (rc = imp_specialty(x, "trainee_specialty", sp, &spid)) != 0)
        return rc;
    if (!who || (sp[0] && !spid))
        return 0;
    struct err_info ei = {0};
    struct store_stmt *st = NULL;
    rc = store__query(x->s, &st, &ei,
                      "SELECT t.id FROM trainee t JOIN person p "
                      "ON p.id = t.person_id WHERE (lower(p.email) = "
                      "lower(?1) OR p.hsa_id = ?1) AND (?2 = 0 OR "
                      "t.specialty_id = ?2) ORDER BY t.id LIMIT 2",
                      "tl", who, spid);
    int n = 0, step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        if (n++ == 0)
            *id = store__col_int64(st, 0);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, &ei);
    store__finalize(st);
    if (rc)
        return rc;
    if (n == 0)
        imp_fail(x, "trainee", IMPORT_CODE_UNKNOWN,
                 "no trainee with e-mail or HSA-id %.80s%s%s", who,
                 sp[0] ? " in " : "", sp);
    else if (n > 1) {
        *id = 0;
        imp_fail(x, "trainee", IMPORT_CODE_AMBIGUOUS,
                 "%.80s trains in more than one specialty: name it in "
                 "trainee_specialty",
                 who);
    }
    return 0;
}

/* The person with HSA-id hsa (when given), else e-mail email; 0: none. */
static int imp_person(struct imp *x, const char *email, const char *hsa,
                      int64_t *id)
{
    int rc = 0;
    *id = 0;
    if (hsa[0])
        rc = imp_find(x,
                      "SELECT coalesce(max(id), 0) FROM person "
                      "WHERE hsa_id = ?",
                      hsa, NULL, NULL, id);
    if (rc == 0 && *id == 0)
        rc = imp_find(x,
                      "SELECT coalesce(max(id), 0) FROM person "
                      "WHERE lower(email) = lower(?)",
                      email, NULL, NULL, id);
    return rc;
}

/* ---- the policy ---- */

/* Whether the importer's grants reach su for action. */
static int imp_allowed(const struct imp *x, const char *action,
                       const struct subject *su)
{
    struct scope sc;
    int ok =
        policy_scope(x->grants, x->ngrants, action, &sc) && scope_sees(&sc, su);
    scope_release(&sc);
    return ok;
}

/* The subject of record id of kind ("unit", "trainee"); as home: a unit
 * that is a trainee's home unit. */
static int imp_subject(struct imp *x, const char *kind, int64_t id, int home,
                       struct subject *su)
{
    struct err_info ei = {0};
    memset(su, 0, sizeof(*su));
    int rc = store_subject(x->s, kind, id, su, &ei);
    if (rc == 0 && home) {
        su->home_unit_id = su->unit_id;
        su->home_region_id = su->unit_region_id;
        su->unit_id = su->unit_region_id = 0;
    }
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* A problem of column when action on su is outside the importer's scope. */
static int imp_scope(struct imp *x, const char *column, const char *action,
                     const struct subject *su, const char *what)
{
    if (imp_allowed(x, action, su))
        return 0;
    imp_fail(x, column, IMPORT_CODE_SCOPE,
             "outside your scope: your roles do not allow %s on %s", action,
             what);
    return ERR_INVAL;
}

/* ---- units ---- */

static json_t *imp_unit_json(const struct unit *u)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s, s:i}", "id",
                     (json_int_t)u->id, "hsa_id", u->hsa_id, "name", u->name,
                     "region_id", (json_int_t)u->region_id, "provider_id",
                     (json_int_t)u->provider_id, "specialty_id",
                     (json_int_t)u->specialty_id, "kind",
                     vocab_name(&vocab_unit_kind, u->kind), "takes_trainees",
                     u->takes_trainees);
}

static int imp_units_row(struct imp *x, enum import_action *act, char *key,
                         int64_t *id)
{
    struct unit u = {0}, before = {0};
    struct err_info ei = {0};
    int kind = 0, rc = 0;
    imp_text(x, "hsa_id", 1, u.hsa_id, sizeof(u.hsa_id));
    if (u.hsa_id[0] && store__check_hsa_id(&ei, "hsa_id", u.hsa_id) != 0)
        imp_store_problem(x, IMPORT_CODE_MALFORMED, &ei);
    snprintf(key, IMPORT_KEY_MAX, "%s", u.hsa_id);
    imp_text(x, "name", 1, u.name, sizeof(u.name));
    const char *region = imp_need(x, "region");
    const char *provider = imp_need(x, "provider");
    const char *specialty = imp_need(x, "specialty");
    imp_vocab(x, "kind", 1, &vocab_unit_kind, 0, &kind);
    u.kind = (enum unit_kind)kind;
    int takes = 1;
    const char *tt = imp_get(x, "takes_trainees");
    if (tt[0] && import_read_bool(tt, &takes, &ei) != 0)
        imp_cell_failed(x, "takes_trainees", &ei);
    u.takes_trainees = takes;
    imp_int(x, "max_away", 0, 0, 1000, STORE_NONE, &u.max_away);
    if (region && (rc = imp_find(x,
                                 "SELECT coalesce(max(id), 0) FROM region "
                                 "WHERE code = ?",
                                 region, "region", "region", &u.region_id)))
        return rc;
    if (provider &&
        (rc = imp_find(x,
                       "SELECT coalesce(max(id), 0) FROM provider "
                       "WHERE org_nr = ?",
                       provider, "provider",
                       "provider with organisation number", &u.provider_id)))
        return rc;
    if (specialty &&
        (rc = imp_specialty(x, "specialty", specialty, &u.specialty_id)))
        return rc;
    const char *site = imp_get(x, "site"), *area = imp_get(x, "area");
    if (site[0] && u.region_id) {
        rc = store__count(x->s, &ei, &u.site_id,
                          "SELECT coalesce(max(id), 0) FROM site "
                          "WHERE region_id = ? AND name = ?",
                          "lt", u.region_id, site);
        if (rc == 0 && !u.site_id)
            imp_fail(x, "site", IMPORT_CODE_UNKNOWN,
                     "no site %.80s in the region", site);
    }
    if (rc == 0 && area[0] && u.region_id) {
        rc = store__count(x->s, &ei, &u.area_id,
                          "SELECT coalesce(max(id), 0) FROM area "
                          "WHERE region_id = ? AND name = ?",
                          "lt", u.region_id, area);
        if (rc == 0 && !u.area_id)
            imp_fail(x, "area", IMPORT_CODE_UNKNOWN,
                     "no area %.80s in the region", area);
    }
    if (rc)
        return rc;
    if (u.hsa_id[0] && imp_seen(x, "hsa_id", u.hsa_id, NULL, "HSA-id"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    if ((rc = imp_unit(x, NULL, u.hsa_id, id)) != 0)
        return rc;
    struct subject su = {.unit_region_id = u.region_id};
    if (*id && (rc = imp_subject(x, "unit", *id, 0, &su)) != 0)
        return rc;
    if (imp_scope(x, "hsa_id", "unit.write", &su, "this unit"))
        return ERR_INVAL;
    if (*id) {
        if ((rc = store_unit_get(x->s, *id, &before, &ei)) != 0)
            return imp_refused(x, rc, &ei);
        u.id = before.id;
        u.ngoals = before.ngoals;
        memcpy(u.goal_ids, before.goal_ids, sizeof(u.goal_ids));
        if (u.region_id == before.region_id &&
            u.provider_id == before.provider_id &&
            u.site_id == before.site_id && u.area_id == before.area_id &&
            u.specialty_id == before.specialty_id &&
            strcmp(u.name, before.name) == 0 && u.kind == before.kind &&
            u.takes_trainees == before.takes_trainees &&
            u.max_away == before.max_away) {
            *act = IMPORT_UNCHANGED;
            return 0;
        }
        *act = IMPORT_UPDATE;
        rc = store_unit_update(x->s, &u, &ei);
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    *act = IMPORT_INSERT;
    rc = store_unit_insert(x->s, &u, &ei);
    if (rc == 0)
        rc = store__audit(x->s, "unit", "insert", u.id, NULL, imp_unit_json(&u),
                          &ei);
    *id = u.id;
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- capacity ---- */

static int imp_capacity_row(struct imp *x, enum import_action *act, char *key,
                            int64_t *id)
{
    struct capacity c = {0};
    struct err_info ei = {0};
    int rc = 0, last = STORE_NONE;
    const char *unit = imp_need(x, "unit");
    imp_week(x, "from_week", 1, &c.from_week);
    imp_week(x, "to_week", 1, &last);
    imp_int(x, "seats", 1, 0, 1000, 0, &c.seats);
    imp_patterns(x, "patterns", PATTERN_BIT(PATTERN_FULL), &c.patterns);
    imp_text(x, "note", 0, c.note, sizeof(c.note));
    if (c.from_week != STORE_NONE && last != STORE_NONE && last < c.from_week)
        imp_fail(x, "to_week", IMPORT_CODE_OUT_OF_RANGE,
                 "the period's last week is before its first");
    c.to_week = last == STORE_NONE ? STORE_NONE : last + 1;
    if (unit && (rc = imp_unit(x, "unit", unit, &c.unit_id)) != 0)
        return rc;
    char w[WEEK_STR_MAX] = "";
    if (c.from_week != STORE_NONE)
        week_format(c.from_week, w);
    snprintf(key, IMPORT_KEY_MAX, "%s %s", unit ? unit : "", w);
    if (x->bad == 0 &&
        imp_seen(x, "from_week", key, NULL, "unit and from_week"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    struct subject su;
    if ((rc = imp_subject(x, "unit", c.unit_id, 0, &su)) != 0)
        return rc;
    if (imp_scope(x, "unit", "capacity.write", &su, "this unit's capacity"))
        return ERR_INVAL;
    rc = store__count(x->s, &ei, id,
                      "SELECT coalesce(max(id), 0) FROM capacity "
                      "WHERE unit_id = ? AND from_week = ?",
                      "li", c.unit_id, c.from_week);
    if (rc)
        return rc;
    if (*id) {
        struct capacity before;
        if ((rc = store_capacity_get(x->s, *id, &before, &ei)) != 0)
            return imp_refused(x, rc, &ei);
        c.id = *id;
        if (before.to_week == c.to_week && before.seats == c.seats &&
            before.patterns == c.patterns && strcmp(before.note, c.note) == 0) {
            *act = IMPORT_UNCHANGED;
            return 0;
        }
        *act = IMPORT_UPDATE;
        rc = store_capacity_update(x->s, &c, &ei);
    } else {
        *act = IMPORT_INSERT;
        rc = store_capacity_insert(x->s, &c, &ei);
        *id = c.id;
    }
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- people: what trainees and supervisors share ---- */

/*
 * Reads the person of a row (email, name, hsa_id) into p and finds them:
 * p->id is 0 for a new person. *changed is 1 when the stored person
 * differs from the row.
 */
static int imp_person_row(struct imp *x, struct person *p, int *changed)
{
    struct err_info ei = {0};
    *changed = 0;
    imp_text(x, "email", 3, p->email, sizeof(p->email));
    imp_text(x, "name", 1, p->name, sizeof(p->name));
    imp_text(x, "hsa_id", 0, p->hsa_id, sizeof(p->hsa_id));
    if (p->hsa_id[0] && store__check_hsa_id(&ei, "hsa_id", p->hsa_id) != 0)
        imp_store_problem(x, IMPORT_CODE_MALFORMED, &ei);
    if (p->email[0] && !strchr(p->email, '@'))
        imp_fail(x, "email", IMPORT_CODE_MALFORMED,
                 "%.80s is not an e-mail address", p->email);
    /* One person per HSA-id and per e-mail in the whole file. */
    if (p->hsa_id[0] && p->email[0]) {
        char k[IMPORT_KEY_MAX];
        snprintf(k, sizeof(k), "hsa %s", p->hsa_id);
        if (imp_seen(x, "hsa_id", k, p->email, "HSA-id"))
            return ERR_INVAL;
        snprintf(k, sizeof(k), "email %.140s", p->email);
        if (imp_seen(x, "email", k, p->hsa_id, "e-mail"))
            return ERR_INVAL;
    }
    if (x->bad)
        return ERR_INVAL;
    int rc = imp_person(x, p->email, p->hsa_id, &p->id);
    if (rc || !p->id)
        return rc;
    struct person before;
    if ((rc = store_person_get(x->s, p->id, &before, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    if (!p->hsa_id[0]) /* an empty cell keeps the HSA-id Randa has */
        memcpy(p->hsa_id, before.hsa_id, sizeof(p->hsa_id));
    *changed = strcmp(before.name, p->name) != 0 ||
               strcmp(before.email, p->email) != 0 ||
               strcmp(before.hsa_id, p->hsa_id) != 0;
    return 0;
}

/* ---- supervisors ---- */

static int imp_supervisors_row(struct imp *x, enum import_action *act,
                               char *key, int64_t *id)
{
    struct person p = {0};
    struct supervisor sv = {0};
    struct err_info ei = {0};
    int changed = 0, rc;
    const char *unit = imp_need(x, "unit");
    imp_date(x, "trained_on", 0, sv.trained_on);
    imp_date(x, "specialist_since", 0, sv.specialist_since);
    if (unit && (rc = imp_unit(x, "unit", unit, &sv.unit_id)) != 0)
        return rc;
    rc = imp_person_row(x, &p, &changed);
    snprintf(key, IMPORT_KEY_MAX, "%.100s %.50s", p.email, unit ? unit : "");
    if (rc)
        return rc;
    if (x->bad == 0 && imp_seen(x, "email", key, NULL, "e-mail and unit"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    struct subject su;
    if ((rc = imp_subject(x, "unit", sv.unit_id, 0, &su)) != 0)
        return rc;
    if (imp_scope(x, "unit", "supervisor.write", &su,
                  "this unit's "
                  "supervisors"))
        return ERR_INVAL;
    *id = 0;
    if (p.id)
        rc = store__count(x->s, &ei, id,
                          "SELECT coalesce(max(id), 0) FROM supervisor "
                          "WHERE person_id = ? AND unit_id = ?",
                          "ll", p.id, sv.unit_id);
    if (rc)
        return rc;
    *act = changed ? IMPORT_UPDATE : IMPORT_UNCHANGED;
    if (changed && (rc = store_person_update(x->s, &p, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    if (!*id) {
        *act = IMPORT_INSERT;
        rc = store_supervisor_create(x->s, &p, &sv, &ei);
        *id = sv.id;
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    struct supervisor before;
    if ((rc = store_supervisor_get(x->s, *id, &before, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    if (strcmp(before.trained_on, sv.trained_on) == 0 &&
        strcmp(before.specialist_since, sv.specialist_since) == 0)
        return 0;
    *act = IMPORT_UPDATE;
    sv.id = *id;
    rc = store_supervisor_update(x->s, &sv, &ei);
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- trainees ---- */

static int imp_trainees_row(struct imp *x, enum import_action *act, char *key,
                            int64_t *id)
{
    struct person p = {0};
    struct trainee t = {0};
    struct err_info ei = {0};
    int changed = 0, rc = 0, reg = 0, status = TRAINEE_ACTIVE;
    const char *specialty = imp_need(x, "specialty");
    const char *home = imp_need(x, "home_unit");
    imp_vocab(x, "regulation", 1, &vocab_regulation, 0, &reg);
    imp_date(x, "start_date", 1, t.start_date);
    imp_date(x, "planned_end", 1, t.planned_end);
    imp_vocab(x, "status", 0, &vocab_trainee_status, TRAINEE_ACTIVE, &status);
    t.regulation = (enum regulation)reg;
    t.status = (enum trainee_status)status;
    t.fte = 100;
    const char *fte = imp_get(x, "fte");
    if (fte[0] && import_read_fte(fte, &t.fte, &ei) != 0)
        imp_cell_failed(x, "fte", &ei);
    if (specialty &&
        (rc = imp_specialty(x, "specialty", specialty, &t.specialty_id)))
        return rc;
    if (home && (rc = imp_unit(x, "home_unit", home, &t.home_unit_id)) != 0)
        return rc;
    rc = imp_person_row(x, &p, &changed);
    snprintf(key, IMPORT_KEY_MAX, "%.100s %.50s",
             p.hsa_id[0] ? p.hsa_id : p.email, specialty ? specialty : "");
    if (rc)
        return rc;
    if (x->bad == 0 && imp_seen(x, p.hsa_id[0] ? "hsa_id" : "email", key, NULL,
                                "trainee and specialty"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    *id = 0;
    if (p.id && (rc = store__count(x->s, &ei, id,
                                   "SELECT coalesce(max(id), 0) FROM trainee "
                                   "WHERE person_id = ? AND specialty_id = ?",
                                   "ll", p.id, t.specialty_id)) != 0)
        return rc;
    struct subject su;
    if ((rc = imp_subject(x, "unit", t.home_unit_id, 1, &su)) != 0)
        return rc;
    if (imp_scope(x, "home_unit", "trainee.write", &su,
                  "trainees of this unit"))
        return ERR_INVAL;
    if (*id) {
        if ((rc = imp_subject(x, "trainee", *id, 0, &su)) != 0)
            return rc;
        if (imp_scope(x, "home_unit", "trainee.write", &su,
                      "this trainee, of another unit now"))
            return ERR_INVAL;
    }
    if (!*id && !p.id) {
        *act = IMPORT_INSERT;
        rc = store_trainee_create(x->s, &p, &t, &ei);
        *id = t.id;
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    if (!*id) {
        *act = IMPORT_INSERT;
        if (changed && (rc = store_person_update(x->s, &p, &ei)) != 0)
            return imp_refused(x, rc, &ei);
        t.person_id = p.id;
        rc = store_trainee_insert(x->s, &t, &ei);
        *id = t.id;
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    struct trainee before;
    if ((rc = store_trainee_get(x->s, *id, &before, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    t.id = before.id;
    t.person_id = before.person_id;
    t.supervisor_id = before.supervisor_id; /* appointed in Randa */
    if (!changed && t.regulation == before.regulation &&
        t.home_unit_id == before.home_unit_id &&
        strcmp(t.start_date, before.start_date) == 0 && t.fte == before.fte &&
        strcmp(t.planned_end, before.planned_end) == 0 &&
        t.status == before.status) {
        *act = IMPORT_UNCHANGED;
        return 0;
    }
    *act = IMPORT_UPDATE;
    rc = store_trainee_update(x->s, changed ? &p : NULL, &t, &ei);
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- leaves ---- */

static int imp_leaves_row(struct imp *x, enum import_action *act, char *key,
                          int64_t *id)
{
    struct leave l = {0};
    struct err_info ei = {0};
    int kind = 0;
    imp_date(x, "from_date", 1, l.from_date);
    imp_date(x, "to_date", 1, l.to_date);
    imp_vocab(x, "kind", 1, &vocab_leave_kind, 0, &kind);
    l.kind = (enum leave_kind)kind;
    int rc = imp_trainee(x, &l.trainee_id);
    if (rc)
        return rc;
    snprintf(key, IMPORT_KEY_MAX, "%s %s", imp_get(x, "trainee"), l.from_date);
    if (x->bad == 0 &&
        imp_seen(x, "from_date", key, NULL, "trainee and from_date"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    struct subject su;
    if ((rc = imp_subject(x, "trainee", l.trainee_id, 0, &su)) != 0)
        return rc;
    if (imp_scope(x, "trainee", "leave.write", &su, "this trainee's leave"))
        return ERR_INVAL;
    rc = store__count(x->s, &ei, id,
                      "SELECT coalesce(max(id), 0) FROM leave "
                      "WHERE trainee_id = ? AND from_date = ?",
                      "lt", l.trainee_id, l.from_date);
    if (rc)
        return rc;
    if (*id) {
        struct leave before;
        if ((rc = store_leave_get(x->s, *id, &before, &ei)) != 0)
            return imp_refused(x, rc, &ei);
        if (strcmp(before.to_date, l.to_date) == 0 && before.kind == l.kind) {
            *act = IMPORT_UNCHANGED;
            return 0;
        }
        *act = IMPORT_UPDATE;
        l.id = *id;
        rc = store_leave_update(x->s, &l, &ei);
    } else {
        *act = IMPORT_INSERT;
        rc = store_leave_insert(x->s, &l, &ei);
        *id = l.id;
    }
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- needs ---- */

static int imp_id_cmp(const void *a, const void *b)
{
    int64_t p = *(const int64_t *)a, q = *(const int64_t *)b;
    return (p > q) - (p < q);
}

/* 1 when the two sorted id lists are the same. */
static int imp_same_ids(const int64_t *a, int na, const int64_t *b, int nb)
{
    return na == nb && (na == 0 || memcmp(a, b, (size_t)na * sizeof(*a)) == 0);
}

static int imp_needs_row(struct imp *x, enum import_action *act, char *key,
                         int64_t *id)
{
    struct need *n = xcalloc(1, sizeof(*n));
    struct need *before = xcalloc(1, sizeof(*before));
    struct err_info ei = {0};
    char(*items)[IMPORT_KEY_MAX] = xcalloc(STORE_LIST_MAX, sizeof(*items));
    int nitems = 0, rc = 0;
    n->status = NEED_OPEN;
    imp_int(x, "weeks", 1, PATTERN_WEEKS_MIN, PATTERN_WEEKS_MAX, 0, &n->weeks);
    imp_patterns(x, "patterns", PATTERN_BIT(PATTERN_FULL), &n->patterns);
    imp_week(x, "preferred_start", 0, &n->preferred_start);
    const char *sp = imp_get(x, "specialty");
    if (sp[0])
        rc = imp_specialty(x, "specialty", sp, &n->specialty_id);
    if (rc == 0 && import_read_list(imp_get(x, "units"), items, STORE_LIST_MAX,
                                    &nitems, &ei) != 0)
        imp_cell_failed(x, "units", &ei);
    for (int i = 0; rc == 0 && i < nitems; i++) {
        int64_t uid = 0;
        rc = imp_unit(x, "units", items[i], &uid);
        if (uid)
            n->unit_ids[n->nunits++] = uid;
    }
    if (rc == 0 && !sp[0] && nitems == 0)
        imp_fail(x, "specialty", IMPORT_CODE_REQUIRED,
                 "a need names a specialty, or units in column units");
    if (rc == 0)
        rc = imp_trainee(x, &n->trainee_id);
    if (rc)
        goto out;
    qsort(n->unit_ids, (size_t)n->nunits, sizeof(int64_t), imp_id_cmp);
    char w[WEEK_STR_MAX] = "";
    if (n->preferred_start != STORE_NONE)
        week_format(n->preferred_start, w);
    snprintf(key, IMPORT_KEY_MAX, "%s %s%s%s %s", imp_get(x, "trainee"), sp,
             sp[0] && nitems ? " " : "", imp_get(x, "units"), w);
    if (x->bad == 0 && imp_seen(x, "trainee", key, NULL,
                                "trainee, specialty, units and "
                                "preferred_start"))
        rc = ERR_INVAL;
    if (rc == 0 && x->bad)
        rc = ERR_INVAL;
    if (rc)
        goto out;
    struct subject su;
    if ((rc = imp_subject(x, "trainee", n->trainee_id, 0, &su)) != 0)
        goto out;
    if (imp_scope(x, "trainee", "need.write", &su, "this trainee's needs")) {
        rc = ERR_INVAL;
        goto out;
    }
    /* The trainee's need with the same target and preferred start. */
    struct store_stmt *st = NULL;
    int64_t ids[64];
    int nids = 0, step = STORE_DONE;
    rc = store__query(x->s, &st, &ei,
                      "SELECT id FROM rotation_need WHERE trainee_id = ?1 "
                      "AND coalesce(specialty_id, 0) = ?2 AND "
                      "coalesce(preferred_start, -99999) = ?3 ORDER BY id "
                      "LIMIT 64",
                      "lli", n->trainee_id, n->specialty_id,
                      n->preferred_start == STORE_NONE ? -99999
                                                       : n->preferred_start);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        ids[nids++] = store__col_int64(st, 0);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, &ei);
    store__finalize(st);
    *id = 0;
    for (int i = 0; rc == 0 && i < nids && !*id; i++) {
        if ((rc = store_need_get(x->s, ids[i], before, &ei)) != 0)
            break;
        qsort(before->unit_ids, (size_t)before->nunits, sizeof(int64_t),
              imp_id_cmp);
        if (imp_same_ids(before->unit_ids, before->nunits, n->unit_ids,
                         n->nunits))
            *id = ids[i];
    }
    if (rc) {
        rc = imp_refused(x, rc, &ei);
        goto out;
    }
    if (*id) {
        if (before->weeks == n->weeks && before->patterns == n->patterns) {
            *act = IMPORT_UNCHANGED;
            goto out;
        }
        *act = IMPORT_UPDATE;
        before->weeks = n->weeks;
        before->patterns = n->patterns;
        rc = store_need_update(x->s, before, &ei);
    } else {
        *act = IMPORT_INSERT;
        rc = store_need_insert(x->s, n, &ei);
        *id = n->id;
    }
    if (rc)
        rc = imp_refused(x, rc, &ei);
out:
    free(items);
    free(before);
    free(n);
    return rc;
}

/* ---- bookings ---- */

/*
 * The open need of trainee_id that a booking at unit u serves: one naming
 * the unit, of its specialty or whose goals it covers; of those, one that
 * prefers start first, else the oldest. 0 when none.
 */
static int imp_booking_need(struct imp *x, int64_t trainee_id,
                            const struct unit *u, int start, int64_t *need_id)
{
    struct err_info ei = {0};
    struct store_stmt *st = NULL;
    int64_t ids[64];
    int nids = 0, step = STORE_DONE;
    *need_id = 0;
    int rc = store__query(x->s, &st, &ei,
                          "SELECT id FROM rotation_need WHERE trainee_id = ?1 "
                          "AND status = 'open' ORDER BY CASE WHEN "
                          "preferred_start = ?2 THEN 0 ELSE 1 END, id "
                          "LIMIT 64",
                          "li", trainee_id, start);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        ids[nids++] = store__col_int64(st, 0);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, &ei);
    store__finalize(st);
    struct need *n = xcalloc(1, sizeof(*n));
    for (int i = 0; rc == 0 && i < nids && !*need_id; i++) {
        if ((rc = store_need_get(x->s, ids[i], n, &ei)) != 0)
            break;
        int fits = 0;
        if (n->nunits > 0)
            for (int k = 0; k < n->nunits; k++)
                fits |= n->unit_ids[k] == u->id;
        else
            fits = n->specialty_id == u->specialty_id ||
                   (n->ngoals > 0 &&
                    store__unit_covers(u, n->goal_ids, n->ngoals));
        if (fits)
            *need_id = ids[i];
    }
    free(n);
    return rc;
}

static int imp_bookings_row(struct imp *x, enum import_action *act, char *key,
                            int64_t *id)
{
    struct booking b = {0};
    struct err_info ei = {0};
    int rc = 0, pattern = PATTERN_FULL, status = BOOKING_REQUESTED;
    const char *unit = imp_need(x, "unit");
    imp_week(x, "start_week", 1, &b.start_week);
    const char *pat = imp_get(x, "pattern");
    if (pat[0]) {
        enum pattern p = PATTERN_FULL;
        char low[32];
        snprintf(low, sizeof(low), "%s", pat);
        for (char *q = low; *q; q++)
            *q = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
        if (pattern_parse(low, &p) != 0)
            imp_fail(x, "pattern", IMPORT_CODE_MALFORMED,
                     "\"%.40s\" is no pattern: use full, split4, split3, "
                     "half or alternate",
                     pat);
        pattern = (int)p;
    }
    b.pattern = (enum pattern)pattern;
    imp_int(x, "weeks", 0, PATTERN_WEEKS_MIN, PATTERN_WEEKS_MAX, 0, &b.weeks);
    imp_vocab(x, "status", 0, &vocab_booking_status, BOOKING_REQUESTED,
              &status);
    if (status != BOOKING_REQUESTED && status != BOOKING_CONFIRMED)
        imp_fail(x, "status", IMPORT_CODE_OUT_OF_RANGE,
                 "an imported booking is requested or "
                 "confirmed");
    if (unit && (rc = imp_unit(x, "unit", unit, &b.unit_id)) != 0)
        return rc;
    if ((rc = imp_trainee(x, &b.trainee_id)) != 0)
        return rc;
    char w[WEEK_STR_MAX] = "";
    if (b.start_week != STORE_NONE)
        week_format(b.start_week, w);
    snprintf(key, IMPORT_KEY_MAX, "%s %s %s", imp_get(x, "trainee"),
             unit ? unit : "", w);
    if (x->bad == 0 &&
        imp_seen(x, "start_week", key, NULL, "trainee, unit and start_week"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    struct subject su;
    if ((rc = imp_subject(x, "trainee", b.trainee_id, 0, &su)) != 0)
        return rc;
    if (imp_scope(x, "trainee", "booking.request", &su,
                  "this trainee's bookings"))
        return ERR_INVAL;
    struct subject at;
    if ((rc = imp_subject(x, "unit", b.unit_id, 0, &at)) != 0)
        return rc;
    if (status == BOOKING_CONFIRMED &&
        imp_scope(x, "status", "booking.decide", &at,
                  "requests to this unit (a confirmed booking is accepted "
                  "by the receiving unit)"))
        return ERR_INVAL;
    rc = store__count(x->s, &ei, id,
                      "SELECT coalesce(max(id), 0) FROM booking "
                      "WHERE trainee_id = ? AND unit_id = ? "
                      "AND start_week = ? AND status IN ('requested', "
                      "'confirmed', 'completed')",
                      "lli", b.trainee_id, b.unit_id, b.start_week);
    if (rc)
        return rc;
    if (*id) {
        struct booking before;
        if ((rc = store_booking_get(x->s, *id, &before, &ei)) != 0)
            return imp_refused(x, rc, &ei);
        if (before.pattern != b.pattern ||
            (b.weeks && before.weeks != b.weeks)) {
            imp_fail(x, "start_week", IMPORT_CODE_CONFLICT,
                     "the trainee has a booking at this unit from this week "
                     "already, with another pattern or length: cancel it in "
                     "Randa first");
            return ERR_INVAL;
        }
        *act = IMPORT_UNCHANGED;
        if (status == BOOKING_CONFIRMED && before.status == BOOKING_REQUESTED) {
            *act = IMPORT_UPDATE;
            rc = store_booking_set_status(x->s, *id, BOOKING_CONFIRMED,
                                          CANCEL_NONE, &ei);
        }
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    struct unit u;
    if ((rc = store_unit_get(x->s, b.unit_id, &u, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    if ((rc = imp_booking_need(x, b.trainee_id, &u, b.start_week,
                               &b.need_id)) != 0)
        return rc;
    if (!b.need_id) {
        imp_fail(x, "unit", IMPORT_CODE_REFUSED,
                 "no open need of the trainee can be placed at %s: import "
                 "the need first",
                 u.name);
        return ERR_INVAL;
    }
    *act = IMPORT_INSERT;
    rc = store_booking_request(x->s, &b, &ei);
    if (rc == 0 && status == BOOKING_CONFIRMED)
        rc = store_booking_set_status(x->s, b.id, BOOKING_CONFIRMED,
                                      CANCEL_NONE, &ei);
    *id = b.id;
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- users ---- */

static int imp_grant_cmp(const void *a, const void *b)
{
    const struct user_role *p = a, *q = b;
    int c = strcmp(p->role, q->role);
    return c ? c : (p->scope_id > q->scope_id) - (p->scope_id < q->scope_id);
}

/* Reads the roles cell ("director=SE...-E1684, admin") into roles. */
static int imp_roles(struct imp *x, struct user_role *roles, int *n)
{
    char(*items)[IMPORT_KEY_MAX] = xcalloc(16, sizeof(*items));
    struct err_info ei = {0};
    int nitems = 0, rc = 0;
    *n = 0;
    if (import_read_list(imp_get(x, "roles"), items, 16, &nitems, &ei) != 0)
        imp_cell_failed(x, "roles", &ei);
    for (int i = 0; rc == 0 && i < nitems; i++) {
        char *eq = strchr(items[i], '=');
        const char *scope = eq ? eq + 1 : "";
        if (eq)
            *eq = '\0';
        while (*scope == ' ')
            scope++;
        int r = role_parse(items[i]);
        if (r < 0) {
            imp_fail(x, "roles", IMPORT_CODE_MALFORMED,
                     "\"%.40s\" is no role: use trainee, supervisor, "
                     "director, unit_head, coordinator or admin",
                     items[i]);
            continue;
        }
        struct user_role *ur = &roles[(*n)++];
        snprintf(ur->role, sizeof(ur->role), "%s", items[i]);
        ur->scope_id = 0;
        switch (role_scope((enum role)r)) {
        case SCOPE_ALL:
            if (scope[0])
                imp_fail(x, "roles", IMPORT_CODE_MALFORMED,
                         "%s holds for everything: write it "
                         "without =",
                         items[i]);
            break;
        case SCOPE_UNIT:
            rc = imp_unit(x, "roles", scope, &ur->scope_id);
            break;
        case SCOPE_REGION:
            rc = imp_find(x,
                          "SELECT coalesce(max(id), 0) FROM region "
                          "WHERE code = ?",
                          scope, "roles", "region", &ur->scope_id);
            break;
        case SCOPE_TRAINEE: {
            int64_t c = 0;
            rc = store__count(x->s, &ei, &c,
                              "SELECT count(*) FROM trainee t JOIN person p "
                              "ON p.id = t.person_id WHERE lower(p.email) = "
                              "lower(?1) OR p.hsa_id = ?1",
                              "t", scope);
            if (rc == 0 && c == 1)
                rc = store__count(x->s, &ei, &ur->scope_id,
                                  "SELECT t.id FROM trainee t JOIN person p "
                                  "ON p.id = t.person_id WHERE lower(p.email) "
                                  "= lower(?1) OR p.hsa_id = ?1",
                                  "t", scope);
            else if (rc == 0)
                /* A users file has no trainee_specialty to say which
                 * of the person's trainings: refused, with the reason. */
                imp_fail(x, "roles",
                         c ? IMPORT_CODE_REFUSED : IMPORT_CODE_UNKNOWN,
                         "%s=%.80s: %s", items[i], scope,
                         c ? "the person trains in more than one specialty"
                           : "no trainee with that e-mail or HSA-id");
            break;
        }
        }
        if (*n > 1 && rc == 0)
            for (int k = 0; k < *n - 1; k++)
                if (imp_grant_cmp(&roles[k], ur) == 0) {
                    imp_fail(x, "roles", IMPORT_CODE_DUPLICATE,
                             "%s is named twice", items[i]);
                    (*n)--;
                    break;
                }
    }
    free(items);
    return rc;
}

/* A password hash no password matches: the user logs in once an
 * administrator sets a password (or by single sign-on, later). */
static void imp_no_password(char *out, size_t size)
{
    char salt[SECRET_LEN + 1], hash[SECRET_LEN + 1];
    secret_new(salt);
    secret_new(hash);
    /* '-' and '_' are not in the hash's base64 alphabet: libsodium can
     * never verify a password against it. */
    snprintf(out, size, "$argon2id$v=19$m=65536,t=2,p=1$-%.22s$_%s", salt,
             hash);
}

static int imp_users_row(struct imp *x, enum import_action *act, char *key,
                         int64_t *id)
{
    struct user u = {0};
    struct user_role roles[16];
    struct err_info ei = {0};
    int nroles = 0;
    imp_text(x, "username", 3, u.username, sizeof(u.username));
    imp_text(x, "name", 1, u.name, sizeof(u.name));
    snprintf(key, IMPORT_KEY_MAX, "%s", u.username);
    int rc = imp_roles(x, roles, &nroles);
    if (rc)
        return rc;
    if (x->bad == 0 && imp_seen(x, "username", u.username, NULL, "username"))
        return ERR_INVAL;
    if (x->bad)
        return ERR_INVAL;
    struct subject none = {0};
    if (imp_scope(x, "username", "user.admin", &none, "users"))
        return ERR_INVAL;
    qsort(roles, (size_t)nroles, sizeof(*roles), imp_grant_cmp);
    struct user before;
    rc = store_user_find(x->s, u.username, &before, &ei);
    if (rc == ERR_NOTFOUND) {
        char hash[160];
        imp_no_password(hash, sizeof(hash));
        *act = IMPORT_INSERT;
        rc = store_user_add(x->s, &u, hash, roles, nroles, &ei);
        *id = u.id;
        return rc ? imp_refused(x, rc, &ei) : 0;
    }
    if (rc)
        return imp_refused(x, rc, &ei);
    *id = before.id;
    if (strcmp(before.name, u.name) != 0) {
        imp_fail(x, "name", IMPORT_CODE_CONFLICT,
                 "the user %s is named %.80s in Randa, which cannot rename "
                 "a user",
                 u.username, before.name);
        return ERR_INVAL;
    }
    struct grant *g = NULL;
    int ng = 0;
    if ((rc = store_user_grants(x->s, before.id, &g, &ng, &ei)) != 0)
        return imp_refused(x, rc, &ei);
    struct user_role *had = xcalloc((size_t)ng + 1, sizeof(*had));
    for (int i = 0; i < ng; i++) {
        snprintf(had[i].role, sizeof(had[i].role), "%s", role_name(g[i].role));
        had[i].scope_id = g[i].scope_id;
    }
    free(g);
    qsort(had, (size_t)ng, sizeof(*had), imp_grant_cmp);
    int same = ng == nroles;
    for (int i = 0; same && i < ng; i++)
        same = imp_grant_cmp(&had[i], &roles[i]) == 0;
    free(had);
    if (same) {
        *act = IMPORT_UNCHANGED;
        return 0;
    }
    *act = IMPORT_UPDATE;
    rc = store_user_set_roles(x->s, before.id, roles, nroles, &ei);
    return rc ? imp_refused(x, rc, &ei) : 0;
}

/* ---- the import ---- */

typedef int imp_row_fn(struct imp *x, enum import_action *act, char *key,
                       int64_t *id);

static imp_row_fn *const imp_rows[IMPORT_KIND_COUNT] = {
    [IMPORT_UNITS] = imp_units_row,
    [IMPORT_CAPACITY] = imp_capacity_row,
    [IMPORT_SUPERVISORS] = imp_supervisors_row,
    [IMPORT_TRAINEES] = imp_trainees_row,
    [IMPORT_LEAVES] = imp_leaves_row,
    [IMPORT_NEEDS] = imp_needs_row,
    [IMPORT_BOOKINGS] = imp_bookings_row,
    [IMPORT_USERS] = imp_users_row,
};

/* Reads, checks and writes row r of the table in a savepoint of its own. */
static int imp_one(struct imp *x, int r, struct err_info *ei)
{
    x->row = r;
    x->line = x->t->rows[r].line;
    x->bad = 0;
    for (int i = 0; i < x->info->ncolumns; i++)
        import_cell(x->t, &x->h, r, i, x->cells[i], sizeof(x->cells[i]));
    char key[IMPORT_KEY_MAX] = "";
    enum import_action act = IMPORT_UNCHANGED;
    int64_t id = 0;
    int rc = store__write_begin(x->s, ei);
    if (rc)
        return rc;
    rc = imp_rows[x->kind](x, &act, key, &id);
    if (rc == 0 && x->bad)
        rc = ERR_INVAL;
    store__write_end(x->s, rc);
    if (rc == ERR_INVAL || x->bad) {
        import_row(x->rep, x->line, IMPORT_ERROR, key, 0);
        return 0;
    }
    if (rc)
        return err_set(ei, rc, "", "line %d: %s", x->line,
                       ei->msg[0] ? ei->msg : "the database failed");
    import_row(x->rep, x->line, act, key,
               x->dry_run && act == IMPORT_INSERT ? 0 : id);
    return 0;
}

int store_import(struct store *s, enum import_kind k, const struct table *t,
                 const struct grant *grants, int ngrants, int dry_run,
                 const struct import_file *f, struct import_report *rep,
                 int64_t *id, struct err_info *ei)
{
    *id = 0;
    memset(rep, 0, sizeof(*rep));
    rep->kind = k;
    if (!import_kind_info(k))
        return err_set(ei, ERR_INVAL, "kind", "kind: no such kind of import");
    struct imp *x = xcalloc(1, sizeof(*x));
    x->s = s;
    x->kind = k;
    x->info = import_kind_info(k);
    x->t = t;
    x->rep = rep;
    x->grants = grants;
    x->ngrants = ngrants;
    x->dry_run = dry_run;
    int rc = 0;
    if (import_header_read(k, t, &x->h, rep) != 0)
        goto out;
    if (t->nrows < 2) {
        import_problem(rep, 0, "", IMPORT_CODE_EMPTY,
                       "the file has a header but no rows");
        goto out;
    }
    if ((rc = store_begin(s, ei)) != 0)
        goto out;
    if (!dry_run) {
        char now[STORE_TIME_MAX];
        store__timestamp(s, now);
        rc =
            store__exec(s, ei, id,
                        "INSERT INTO data_import (kind, file_name, format, "
                        "size, sha256, user_id, actor, at) VALUES (?, ?, ?, "
                        "?, ?, ?, ?, ?) RETURNING id",
                        "tttltdtt", x->info->name, f->name, f->format,
                        (int64_t)f->size, f->sha256, f->user_id, s->actor, now);
        s->import_id = *id;
    }
    for (int r = 1; rc == 0 && r < t->nrows; r++)
        rc = imp_one(x, r, ei);
    s->import_id = 0;
    if (rc == 0 && !dry_run && rep->failed == 0 && rep->nproblems == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE data_import SET row_count = ?, inserted = "
                         "?, updated = ?, unchanged = ? WHERE id = ?",
                         "iiiil", rep->nrows, rep->inserted, rep->updated,
                         rep->unchanged, *id);
    if (rc || dry_run || rep->failed || rep->nproblems) {
        store_rollback(s);
        *id = 0;
    } else {
        rc = store_commit(s, ei);
        if (rc)
            *id = 0;
    }
out:
    free(x->seen);
    free(x);
    return rc;
}

/* ---- the list of imports ---- */

#define IMP_COLUMNS                                                            \
    "i.id, i.kind, i.file_name, i.format, i.size, i.sha256, "                  \
    "coalesce(i.user_id, 0), i.actor, i.at, i.row_count, i.inserted, "         \
    "i.updated, i.unchanged, (SELECT count(*) FROM audit_log a "               \
    "WHERE a.import_id = i.id) "

static void imp_item_read(struct store_stmt *st, struct import_item *it)
{
    it->id = store__col_int64(st, 0);
    store__column_text(st, 1, it->kind, sizeof(it->kind));
    store__column_text(st, 2, it->file_name, sizeof(it->file_name));
    store__column_text(st, 3, it->format, sizeof(it->format));
    it->size = store__col_int64(st, 4);
    store__column_text(st, 5, it->sha256, sizeof(it->sha256));
    it->user_id = store__col_int64(st, 6);
    store__column_text(st, 7, it->actor, sizeof(it->actor));
    store__column_text(st, 8, it->at, sizeof(it->at));
    it->rows = store__col_int(st, 9);
    it->inserted = store__col_int(st, 10);
    it->updated = store__col_int(st, 11);
    it->unchanged = store__col_int(st, 12);
    it->audit_rows = store__col_int64(st, 13);
}

int store_import_list(struct store *s, int64_t user_id, int limit, int offset,
                      int (*each)(const struct import_item *, void *),
                      void *arg, int64_t *total, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__count(s, ei, total,
                          "SELECT count(*) FROM data_import "
                          "WHERE ?1 = 0 OR user_id = ?1",
                          "l", user_id);
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT " IMP_COLUMNS "FROM data_import i "
                          "WHERE ?1 = 0 OR i.user_id = ?1 "
                          "ORDER BY i.id DESC LIMIT ?2 OFFSET ?3",
                          "lli", user_id,
                          limit < 0 ? STORE_NO_LIMIT : (int64_t)limit,
                          offset > 0 ? offset : 0);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct import_item it;
        imp_item_read(st, &it);
        rc = each(&it, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_import_get(struct store *s, int64_t id, struct import_item *out,
                     struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " IMP_COLUMNS "FROM data_import i "
                          "WHERE i.id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "import", id)) == 0)
        imp_item_read(st, out);
    store__finalize(st);
    return rc;
}
