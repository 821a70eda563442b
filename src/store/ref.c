/* Reference data in the SQLite store: regions, providers, sites, areas,
 * specialties, goals and units. */
#include "domain/edu.h"
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_region_insert(struct store *s, struct region *r, struct err_info *ei)
{
    int rc = store__check_text(ei, "code", r->code, 1, sizeof(r->code));
    if (rc == 0)
        rc = store__check_text(ei, "name", r->name, 1, sizeof(r->name));
    if (rc == 0)
        rc = store__exec(s, ei, &r->id,
                         "INSERT INTO region (code, name) VALUES (?, ?) "
                         "RETURNING id",
                         "tt", r->code, r->name);
    return store__name_failure(ei, rc, "code", NULL);
}

/* Reads "id, code, name". */
static void store_region_read(struct store_stmt *st, struct region *out)
{
    out->id = store__col_int64(st, 0);
    store__column_text(st, 1, out->code, sizeof(out->code));
    store__column_text(st, 2, out->name, sizeof(out->name));
}

int store_region_get(struct store *s, int64_t id, struct region *out,
                     struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT id, code, name FROM region WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "region", id)) == 0)
        store_region_read(st, out);
    store__finalize(st);
    return rc;
}

/* An organisation number: "NNNNNN-NNNN". */
static int store_check_org_nr(struct err_info *ei, const char *v)
{
    int ok = strnlen(v, STORE_ORGNR_MAX) == 11 && v[6] == '-';
    for (int i = 0; ok && i < 11; i++)
        ok = i == 6 || (v[i] >= '0' && v[i] <= '9');
    if (!ok)
        return err_set(ei, ERR_INVAL, "org_nr",
                       "org_nr: must be written NNNNNN-NNNN");
    return 0;
}

int store_provider_insert(struct store *s, struct provider *p,
                          struct err_info *ei)
{
    int rc = store__check_text(ei, "name", p->name, 1, sizeof(p->name));
    if (rc == 0)
        rc = store_check_org_nr(ei, p->org_nr);
    if (rc == 0)
        rc = store__check_vocab(ei, "kind", &vocab_provider_kind, p->kind);
    if (rc == 0)
        rc = store__exec(s, ei, &p->id,
                         "INSERT INTO provider (name, org_nr, kind) "
                         "VALUES (?, ?, ?) RETURNING id",
                         "ttt", p->name, p->org_nr,
                         vocab_name(&vocab_provider_kind, p->kind));
    return store__name_failure(ei, rc, "org_nr", NULL);
}

/* Reads "id, name, org_nr, kind" from column col on. */
static void store_provider_read(struct store_stmt *st, int col,
                                struct provider *out)
{
    int kind = 0;
    out->id = store__col_int64(st, col);
    store__column_text(st, col + 1, out->name, sizeof(out->name));
    store__column_text(st, col + 2, out->org_nr, sizeof(out->org_nr));
    vocab_parse(&vocab_provider_kind, store__col_text(st, col + 3), &kind);
    out->kind = (enum provider_kind)kind;
}

int store_provider_get(struct store *s, int64_t id, struct provider *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, name, org_nr, kind FROM provider "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "provider", id)) == 0)
        store_provider_read(st, 0, out);
    store__finalize(st);
    return rc;
}

int store_site_insert(struct store *s, struct site *site, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", site->name, 1, sizeof(site->name));
    if (rc == 0)
        rc = store__check_text(ei, "city", site->city, 1, sizeof(site->city));
    if (rc == 0)
        rc = store__exec(s, ei, &site->id,
                         "INSERT INTO site (region_id, name, city) "
                         "VALUES (?, ?, ?) RETURNING id",
                         "ltt", site->region_id, site->name, site->city);
    return store__name_failure(ei, rc, "name", "region_id");
}

/* Reads "id, region_id, name, city" from column col on (id NULL is 0). */
static void store_site_read(struct store_stmt *st, int col, struct site *out)
{
    out->id = store__column_id(st, col);
    out->region_id = store__column_id(st, col + 1);
    store__column_text(st, col + 2, out->name, sizeof(out->name));
    store__column_text(st, col + 3, out->city, sizeof(out->city));
}

int store_site_get(struct store *s, int64_t id, struct site *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, name, city FROM site "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "site", id)) == 0)
        store_site_read(st, 0, out);
    store__finalize(st);
    return rc;
}

int store_area_insert(struct store *s, struct area *a, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", a->name, 1, sizeof(a->name));
    if (rc == 0)
        rc = store__exec(s, ei, &a->id,
                         "INSERT INTO area (region_id, name) VALUES (?, ?) "
                         "RETURNING id",
                         "lt", a->region_id, a->name);
    return store__name_failure(ei, rc, "name", "region_id");
}

/* Reads "id, region_id, name" from column col on (id NULL is 0). */
static void store_area_read(struct store_stmt *st, int col, struct area *out)
{
    out->id = store__column_id(st, col);
    out->region_id = store__column_id(st, col + 1);
    store__column_text(st, col + 2, out->name, sizeof(out->name));
}

int store_area_get(struct store *s, int64_t id, struct area *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, name FROM area WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "area", id)) == 0)
        store_area_read(st, 0, out);
    store__finalize(st);
    return rc;
}

int store_specialty_insert(struct store *s, struct specialty *sp,
                           struct err_info *ei)
{
    int rc = store__check_text(ei, "code", sp->code, 1, sizeof(sp->code));
    if (rc == 0)
        rc = store__check_text(ei, "name_sv", sp->name_sv, 1,
                               sizeof(sp->name_sv));
    if (rc == 0)
        rc = store__check_text(ei, "name_en", sp->name_en, 1,
                               sizeof(sp->name_en));
    if (rc == 0)
        rc = store__check_vocab(ei, "kind", &vocab_specialty_kind, sp->kind);
    if (rc == 0 && sp->kind == SPECIALTY_GREN && sp->parent_id == 0)
        rc = err_set(ei, ERR_INVAL, "parent_id",
                     "parent_id: a grenspecialitet needs its basspecialitet");
    if (rc == 0 && sp->kind == SPECIALTY_BAS && sp->parent_id != 0)
        rc = err_set(ei, ERR_INVAL, "parent_id",
                     "parent_id: a basspecialitet has no parent");
    if (rc == 0)
        rc = store__exec(s, ei, &sp->id,
                         "INSERT INTO specialty (code, name_sv, name_en, kind, "
                         "parent_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
                         "ttttd", sp->code, sp->name_sv, sp->name_en,
                         vocab_name(&vocab_specialty_kind, sp->kind),
                         sp->parent_id);
    return store__name_failure(ei, rc, "code", "parent_id");
}

/* Reads "id, code, name_sv, name_en, kind, parent_id" from column col on. */
static void store_specialty_read(struct store_stmt *st, int col,
                                 struct specialty *out)
{
    int kind = 0;
    out->id = store__col_int64(st, col);
    store__column_text(st, col + 1, out->code, sizeof(out->code));
    store__column_text(st, col + 2, out->name_sv, sizeof(out->name_sv));
    store__column_text(st, col + 3, out->name_en, sizeof(out->name_en));
    vocab_parse(&vocab_specialty_kind, store__col_text(st, col + 4), &kind);
    out->kind = (enum specialty_kind)kind;
    out->parent_id = store__column_id(st, col + 5);
}

int store_specialty_get(struct store *s, int64_t id, struct specialty *out,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, code, name_sv, name_en, kind, parent_id "
                          "FROM specialty WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "specialty", id)) == 0)
        store_specialty_read(st, 0, out);
    store__finalize(st);
    return rc;
}

int store_specialty_find(struct store *s, const char *code, int64_t *id,
                         struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, "SELECT id FROM specialty WHERE code = ?",
                          "t", code);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW)
        *id = store__col_int64(st, 0);
    else if (step == STORE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, "specialty", "no specialty %s", code);
    else
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* Checks goal g and sets its group from its code (domain/edu.h). */
static int store_goal_check(struct goal *g, struct err_info *ei)
{
    int rc =
        store__check_vocab(ei, "regulation", &vocab_regulation, g->regulation);
    if (rc == 0)
        rc = store__check_text(ei, "code", g->code, 1, 17);
    if (rc == 0)
        rc = store__check_text(ei, "title", g->title, 1, sizeof(g->title));
    if (rc == 0)
        rc = store__check_vocab(ei, "confidence", &vocab_confidence,
                                g->confidence);
    int group =
        rc ? 0 : goal_group_of(g->regulation, g->specialty_id == 0, g->code);
    if (rc == 0 && group < 0)
        rc = err_set(ei, ERR_INVAL, "code",
                     "code: a goal common to all specialties is BT, STa or "
                     "STb under HSLF-FS 2021:8 and a or b under SOSFS "
                     "2015:8; other goals belong to a specialty");
    if (rc == 0)
        g->group = (enum goal_group)group;
    return rc;
}

int store_goal_insert(struct store *s, struct goal *g, struct err_info *ei)
{
    int rc = store_goal_check(g, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &g->id,
                         "INSERT INTO goal (regulation, specialty_id, code, "
                         "title, grp, confidence) VALUES (?, ?, ?, ?, ?, ?) "
                         "RETURNING id",
                         "tdtttt", vocab_name(&vocab_regulation, g->regulation),
                         g->specialty_id, g->code, g->title,
                         vocab_name(&vocab_goal_group, g->group),
                         vocab_name(&vocab_confidence, g->confidence));
    return store__name_failure(ei, rc, "code", "specialty_id");
}

/* The columns store_goal_read() reads, after "SELECT". */
#define STORE_GOAL_COLUMNS                                                     \
    "id, regulation, specialty_id, code, title, grp, confidence FROM goal "

static void store_goal_read(struct store_stmt *st, struct goal *out)
{
    int reg = 0, group = 0, confidence = 0;
    out->id = store__col_int64(st, 0);
    vocab_parse(&vocab_regulation, store__col_text(st, 1), &reg);
    out->regulation = (enum regulation)reg;
    out->specialty_id = store__column_id(st, 2);
    store__column_text(st, 3, out->code, sizeof(out->code));
    store__column_text(st, 4, out->title, sizeof(out->title));
    vocab_parse(&vocab_goal_group, store__col_text(st, 5), &group);
    out->group = (enum goal_group)group;
    vocab_parse(&vocab_confidence, store__col_text(st, 6), &confidence);
    out->confidence = (enum confidence)confidence;
}

int store_goal_get(struct store *s, int64_t id, struct goal *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " STORE_GOAL_COLUMNS "WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "goal", id)) == 0)
        store_goal_read(st, out);
    store__finalize(st);
    return rc;
}

static json_t *store_goal_json(const struct goal *g)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)g->id,
                     "code", g->code, "title", g->title, "group",
                     vocab_name(&vocab_goal_group, g->group), "confidence",
                     vocab_name(&vocab_confidence, g->confidence));
}

int store_goal_update(struct store *s, const struct goal *g,
                      struct err_info *ei)
{
    struct goal before, after;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_goal_get(s, g->id, &before, ei);
    if (rc == 0) {
        after = before;
        memcpy(after.code, g->code, sizeof(after.code));
        memcpy(after.title, g->title, sizeof(after.title));
        after.confidence = g->confidence;
        rc = store_goal_check(&after, ei);
    }
    if (rc == 0 && after.group != before.group)
        rc = err_set(ei, ERR_INVAL, "code",
                     "code: %s would move the goal from group %s to %s",
                     after.code, vocab_name(&vocab_goal_group, before.group),
                     vocab_name(&vocab_goal_group, after.group));
    if (rc == 0)
        rc = store__name_failure(
            ei,
            store__exec(s, ei, NULL,
                        "UPDATE goal SET code = ?, title = ?, confidence = ? "
                        "WHERE id = ?",
                        "tttl", after.code, after.title,
                        vocab_name(&vocab_confidence, after.confidence),
                        after.id),
            "code", "id");
    if (rc == 0)
        rc =
            store__audit(s, "goal", "update", after.id,
                         store_goal_json(&before), store_goal_json(&after), ei);
    return store__write_end(s, rc);
}

int store_specialty_goals(struct store *s, int64_t specialty_id, int64_t *ids,
                          int *n, struct err_info *ei)
{
    struct specialty sp;
    int rc = store_specialty_get(s, specialty_id, &sp, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "id", "specialty %lld does not exist",
                     (long long)specialty_id);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM specialty_goal "
                                 "WHERE specialty_id = ? ORDER BY goal_id",
                                 specialty_id, ids, n);
    return rc;
}

int store_specialty_goals_set(struct store *s, int64_t specialty_id,
                              const int64_t *ids, int n, struct err_info *ei)
{
    int64_t before[STORE_LIST_MAX];
    int nbefore = 0;
    int rc = store__check_range(ei, "goal_ids", n, 0, STORE_LIST_MAX);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_specialty_goals(s, specialty_id, before, &nbefore, ei);
    for (int i = 0; rc == 0 && i < n; i++) {
        struct goal g;
        rc = store_goal_get(s, ids[i], &g, ei);
        if (rc == ERR_NOTFOUND)
            rc = err_set(ei, ERR_INVAL, "goal_ids",
                         "goal_ids: there is no goal %lld", (long long)ids[i]);
        else if (rc == 0 && (g.specialty_id != 0 || g.group != GOAL_B))
            rc = err_set(ei, ERR_INVAL, "goal_ids",
                         "goal_ids: %s is not a common b goal (b, STb); a and "
                         "BT goals apply to every specialty and c goals to "
                         "their own",
                         g.code);
    }
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM specialty_goal WHERE specialty_id = ?",
                         "l", specialty_id);
    if (rc == 0)
        rc = store__insert_links(s, ei,
                                 "INSERT INTO specialty_goal (specialty_id, "
                                 "goal_id) VALUES (?, ?)",
                                 specialty_id, ids, n);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_INVAL, "goal_ids",
                     "goal_ids: a goal is listed twice");
    if (rc == 0)
        rc = store__audit(
            s, "specialty_goal", "update", specialty_id,
            json_pack("{s:o}", "goal_ids", store__ids_json(before, nbefore)),
            json_pack("{s:o}", "goal_ids", store__ids_json(ids, n)), ei);
    return store__write_end(s, rc);
}

static int store_unit_check(const struct unit *u, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", u->name, 1, sizeof(u->name));
    if (rc == 0)
        rc = store__check_hsa_id(ei, "hsa_id", u->hsa_id);
    if (rc == 0)
        rc = store__check_vocab(ei, "kind", &vocab_unit_kind, u->kind);
    if (rc == 0)
        rc = store__check_range(ei, "takes_trainees", u->takes_trainees, 0, 1);
    if (rc == 0 && u->max_away != STORE_NONE)
        rc = store__check_range(ei, "max_away", u->max_away, 0, 1000);
    if (rc == 0)
        rc = store__check_range(ei, "goal_ids", u->ngoals, 0, STORE_LIST_MAX);
    for (int i = 0; rc == 0 && i < u->ngoals; i++)
        for (int j = 0; rc == 0 && j < i; j++)
            if (u->goal_ids[i] == u->goal_ids[j])
                rc = err_set(ei, ERR_INVAL, "goal_ids",
                             "goal_ids: goal %lld is listed twice",
                             (long long)u->goal_ids[i]);
    return rc;
}

int store_unit_insert(struct store *s, struct unit *u, struct err_info *ei)
{
    int rc = store_unit_check(u, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(s, ei, &u->id,
                     "INSERT INTO unit (region_id, provider_id, site_id, "
                     "area_id, specialty_id, name, hsa_id, kind, "
                     "takes_trainees, max_away) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     "lddddtttio", u->region_id, u->provider_id, u->site_id,
                     u->area_id, u->specialty_id, u->name, u->hsa_id,
                     vocab_name(&vocab_unit_kind, u->kind), u->takes_trainees,
                     u->max_away);
    rc = store__name_failure(
        ei, rc, "hsa_id",
        "region_id, provider_id, site_id, area_id or specialty_id");
    if (rc == 0) {
        rc = store__insert_links(s, ei,
                                 "INSERT INTO unit_goal (unit_id, goal_id) "
                                 "VALUES (?, ?)",
                                 u->id, u->goal_ids, u->ngoals);
        rc = store__name_failure(ei, rc, "goal_ids", "goal_ids");
    }
    return store__write_end(s, rc);
}

/*
 * Reads "id, region_id, provider_id, site_id, area_id, specialty_id, name,
 * hsa_id, kind, takes_trainees, max_away"; no goals.
 */
static void store_unit_read(struct store_stmt *st, struct unit *out)
{
    int kind = 0;
    out->id = store__col_int64(st, 0);
    out->region_id = store__col_int64(st, 1);
    out->provider_id = store__col_int64(st, 2);
    out->site_id = store__column_id(st, 3);
    out->area_id = store__column_id(st, 4);
    out->specialty_id = store__col_int64(st, 5);
    store__column_text(st, 6, out->name, sizeof(out->name));
    store__column_text(st, 7, out->hsa_id, sizeof(out->hsa_id));
    vocab_parse(&vocab_unit_kind, store__col_text(st, 8), &kind);
    out->kind = (enum unit_kind)kind;
    out->takes_trainees = store__col_int(st, 9);
    out->max_away = store__column_opt(st, 10);
    out->ngoals = 0;
}

int store_unit_get(struct store *s, int64_t id, struct unit *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, provider_id, site_id, "
                          "area_id, specialty_id, name, hsa_id, kind, "
                          "takes_trainees, max_away FROM unit WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "unit", id)) == 0)
        store_unit_read(st, out);
    store__finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM unit_goal "
                                 "WHERE unit_id = ? ORDER BY goal_id",
                                 id, out->goal_ids, &out->ngoals);
    return rc;
}

/* ---- Lists and updates ---- */

static int store_region_row(struct store_stmt *st, const struct store__list *l)
{
    struct region r;
    store_region_read(st, &r);
    return l->each.region(&r, l->arg);
}

int store_region_list(struct store *s, int limit, int offset,
                      int (*each)(const struct region *, void *), void *arg,
                      int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_region_row, {.region = each}, arg,
    };
    return store__list_all(
        s, &l, ei, "SELECT id, code, name FROM region ORDER BY name, id", "");
}

static int store_provider_row(struct store_stmt *st,
                              const struct store__list *l)
{
    struct provider p;
    store_provider_read(st, 0, &p);
    return l->each.provider(&p, l->arg);
}

int store_provider_list(struct store *s, const struct provider_filter *f,
                        int limit, int offset,
                        int (*each)(const struct provider *, void *), void *arg,
                        int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_provider_row, {.provider = each}, arg,
    };
    return store__list_all(s, &l, ei,
                           "SELECT id, name, org_nr, kind FROM provider "
                           "WHERE (?1 IS NULL OR kind = ?1) "
                           "AND (?2 IS NULL OR " STORE_HAS("name", "?2") //
                           ") ORDER BY name, id",
                           "TT", vocab_name(&vocab_provider_kind, f->kind),
                           f->q);
}

static int store_site_row(struct store_stmt *st, const struct store__list *l)
{
    struct site site;
    store_site_read(st, 0, &site);
    return l->each.site(&site, l->arg);
}

int store_site_list(struct store *s, const struct site_filter *f, int limit,
                    int offset, int (*each)(const struct site *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_site_row, {.site = each}, arg,
    };
    return store__list_all(s, &l, ei,
                           "SELECT id, region_id, name, city FROM site "
                           "WHERE (?1 IS NULL OR region_id = ?1) "
                           "ORDER BY name, id",
                           "d", f->region_id);
}

static int store_area_row(struct store_stmt *st, const struct store__list *l)
{
    struct area a;
    store_area_read(st, 0, &a);
    return l->each.area(&a, l->arg);
}

int store_area_list(struct store *s, const struct area_filter *f, int limit,
                    int offset, int (*each)(const struct area *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_area_row, {.area = each}, arg,
    };
    return store__list_all(s, &l, ei,
                           "SELECT id, region_id, name FROM area "
                           "WHERE (?1 IS NULL OR region_id = ?1) "
                           "ORDER BY name, id",
                           "d", f->region_id);
}

static int store_specialty_row(struct store_stmt *st,
                               const struct store__list *l)
{
    struct specialty sp;
    store_specialty_read(st, 0, &sp);
    return l->each.specialty(&sp, l->arg);
}

int store_specialty_list(struct store *s, const struct specialty_filter *f,
                         int limit, int offset,
                         int (*each)(const struct specialty *, void *),
                         void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_specialty_row, {.specialty = each}, arg,
    };
    return store__list_all(
        s, &l, ei,
        "SELECT id, code, name_sv, name_en, kind, parent_id FROM specialty "
        "WHERE (?1 IS NULL OR kind = ?1) "
        "AND (?2 IS NULL OR parent_id = ?2) "
        "AND (?3 IS NULL OR " STORE_HAS("code", "?3") //
        " OR " STORE_HAS("name_sv", "?3")             //
        " OR " STORE_HAS("name_en", "?3")             //
        ") ORDER BY name_sv, id",
        "TdT", vocab_name(&vocab_specialty_kind, f->kind), f->parent_id, f->q);
}

static int store_goal_row(struct store_stmt *st, const struct store__list *l)
{
    struct goal g;
    store_goal_read(st, &g);
    return l->each.goal(&g, l->arg);
}

int store_goal_list(struct store *s, const struct goal_filter *f, int limit,
                    int offset, int (*each)(const struct goal *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_goal_row, {.goal = each}, arg,
    };
    /*
     * ?1 specialty, ?2 common (-1, 0, 1), ?3 regulation, ?4 text, ?5
     * group. With a specialty and common 1, a common b goal is listed only
     * when it applies to the specialty.
     */
    return store__list_all(
        s, &l, ei,
        "SELECT " STORE_GOAL_COLUMNS "WHERE (?1 IS NULL OR specialty_id = ?1 "
        "OR (?2 = 1 AND specialty_id IS NULL AND (grp <> 'b' OR id IN ("
        "SELECT goal_id FROM specialty_goal WHERE specialty_id = ?1)))) "
        "AND (?2 < 0 OR (?1 IS NOT NULL AND ?2 = 1) "
        "OR (specialty_id IS NULL) = (?2 = 1)) "
        "AND (?3 IS NULL OR regulation = ?3) "
        "AND (?4 IS NULL OR " STORE_HAS("code", "?4") //
        " OR " STORE_HAS("title", "?4")               //
        ") AND (?5 IS NULL OR grp = ?5) ORDER BY id",
        "diTTT", f->specialty_id, f->common < 0 ? -1 : f->common != 0,
        vocab_name(&vocab_regulation, f->regulation), f->q,
        vocab_name(&vocab_goal_group, f->group));
}

/* The columns store_unit_item_read() reads, after "SELECT". */
#define STORE_UNIT_ITEM_COLUMNS                                                \
    "u.id, u.region_id, u.provider_id, u.site_id, u.area_id, "                 \
    "u.specialty_id, u.name, u.hsa_id, u.kind, u.takes_trainees, "             \
    "u.max_away, "                                                             \
    "sp.id, sp.code, sp.name_sv, sp.name_en, sp.kind, sp.parent_id, "          \
    "p.id, p.name, p.org_nr, p.kind, "                                         \
    "a.id, a.region_id, a.name, "                                              \
    "si.id, si.region_id, si.name, si.city "                                   \
    "FROM unit u "                                                             \
    "JOIN specialty sp ON sp.id = u.specialty_id "                             \
    "JOIN provider p ON p.id = u.provider_id "                                 \
    "LEFT JOIN area a ON a.id = u.area_id "                                    \
    "LEFT JOIN site si ON si.id = u.site_id "

static void store_unit_item_read(struct store_stmt *st, struct unit_item *out)
{
    store_unit_read(st, &out->unit);
    store_specialty_read(st, 11, &out->specialty);
    store_provider_read(st, 17, &out->provider);
    store_area_read(st, 21, &out->area);
    store_site_read(st, 24, &out->site);
}

static int store_unit_row(struct store_stmt *st, const struct store__list *l)
{
    struct unit_item it;
    store_unit_item_read(st, &it);
    return l->each.unit(&it, l->arg);
}

int store_unit_list(struct store *s, const struct unit_filter *f, int limit,
                    int offset, int (*each)(const struct unit_item *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_unit_row, {.unit = each}, arg,
    };
    return store__list_all(
        s, &l, ei,
        "SELECT " STORE_UNIT_ITEM_COLUMNS
        "WHERE (?1 IS NULL OR u.region_id = ?1) "
        "AND (?2 IS NULL OR u.area_id = ?2) "
        "AND (?3 IS NULL OR u.specialty_id = ?3) "
        "AND (?4 IS NULL OR u.provider_id = ?4) "
        "AND (?5 IS NULL OR p.kind = ?5) "
        "AND (?6 IS NULL OR u.kind = ?6) "
        "AND (?7 < 0 OR u.takes_trainees = ?7) "
        "AND (?8 IS NULL OR " STORE_HAS("u.name", "?8") //
        " OR " STORE_HAS("u.hsa_id", "?8")              //
        ") ORDER BY u.name, u.id",
        "ddddTTiT", f->region_id, f->area_id, f->specialty_id, f->provider_id,
        vocab_name(&vocab_provider_kind, f->provider_kind),
        vocab_name(&vocab_unit_kind, f->kind),
        f->takes_trainees < 0 ? -1 : f->takes_trainees != 0, f->q);
}

int store_unit_item_get(struct store *s, int64_t id, struct unit_item *out,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " STORE_UNIT_ITEM_COLUMNS "WHERE u.id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "unit", id)) == 0)
        store_unit_item_read(st, out);
    store__finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM unit_goal "
                                 "WHERE unit_id = ? ORDER BY goal_id",
                                 id, out->unit.goal_ids, &out->unit.ngoals);
    return rc;
}

/* The unit as the JSON object the audit log keeps. */
static json_t *store_unit_json(const struct unit *u)
{
    json_t *goals = json_array();
    for (int i = 0; i < u->ngoals; i++)
        json_array_append_new(goals, json_integer((json_int_t)u->goal_ids[i]));
    return json_pack(
        "{s:I, s:I, s:I, s:o, s:o, s:I, s:s, s:s, s:s, s:i, s:o, s:o}", "id",
        (json_int_t)u->id, "region_id", (json_int_t)u->region_id, "provider_id",
        (json_int_t)u->provider_id, "site_id",
        u->site_id ? json_integer((json_int_t)u->site_id) : json_null(),
        "area_id",
        u->area_id ? json_integer((json_int_t)u->area_id) : json_null(),
        "specialty_id", (json_int_t)u->specialty_id, "name", u->name, "hsa_id",
        u->hsa_id, "kind", vocab_name(&vocab_unit_kind, u->kind),
        "takes_trainees", u->takes_trainees, "max_away",
        u->max_away == STORE_NONE ? json_null() : json_integer(u->max_away),
        "goal_ids", goals);
}

static int store_id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int store_unit_update(struct store *s, const struct unit *u,
                      struct err_info *ei)
{
    int rc = store_unit_check(u, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct unit *before = xcalloc(1, sizeof(*before));
    rc = store_unit_get(s, u->id, before, ei);
    if (rc == 0) {
        rc = store__exec(
            s, ei, NULL,
            "UPDATE unit SET region_id = ?, provider_id = ?, site_id = ?, "
            "area_id = ?, specialty_id = ?, name = ?, hsa_id = ?, kind = ?, "
            "takes_trainees = ?, max_away = ? WHERE id = ?",
            "lddddtttiol", u->region_id, u->provider_id, u->site_id, u->area_id,
            u->specialty_id, u->name, u->hsa_id,
            vocab_name(&vocab_unit_kind, u->kind), u->takes_trainees,
            u->max_away, u->id);
        rc = store__name_failure(
            ei, rc, "hsa_id",
            "region_id, provider_id, site_id, area_id or specialty_id");
    }
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM unit_goal WHERE unit_id = ?",
                         "l", u->id);
    if (rc == 0) {
        rc = store__insert_links(s, ei,
                                 "INSERT INTO unit_goal (unit_id, goal_id) "
                                 "VALUES (?, ?)",
                                 u->id, u->goal_ids, u->ngoals);
        rc = store__name_failure(ei, rc, "goal_ids", "goal_ids");
    }
    if (rc == 0) {
        /* The goals as the store reads them back: in id order. */
        struct unit *after = xmalloc(sizeof(*after));
        *after = *u;
        qsort(after->goal_ids, (size_t)after->ngoals,
              sizeof(after->goal_ids[0]), store_id_cmp);
        rc = store__audit(s, "unit", "update", u->id, store_unit_json(before),
                          store_unit_json(after), ei);
        free(after);
    }
    free(before);
    return store__write_end(s, rc);
}
