/* Reference data in the SQLite store: regions, providers, sites, areas,
 * specialties, goals and units. */
#include "store/store_impl.h"

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

int store_region_get(struct store *s, int64_t id, struct region *out,
                     struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT id, code, name FROM region WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "region", id)) == 0) {
        out->id = sqlite3_column_int64(st, 0);
        store__column_text(st, 1, out->code, sizeof(out->code));
        store__column_text(st, 2, out->name, sizeof(out->name));
    }
    sqlite3_finalize(st);
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

int store_provider_get(struct store *s, int64_t id, struct provider *out,
                       struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, name, org_nr, kind FROM provider "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "provider", id)) == 0) {
        int kind = 0;
        out->id = sqlite3_column_int64(st, 0);
        store__column_text(st, 1, out->name, sizeof(out->name));
        store__column_text(st, 2, out->org_nr, sizeof(out->org_nr));
        vocab_parse(&vocab_provider_kind,
                    (const char *)sqlite3_column_text(st, 3), &kind);
        out->kind = (enum provider_kind)kind;
    }
    sqlite3_finalize(st);
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

int store_site_get(struct store *s, int64_t id, struct site *out,
                   struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, name, city FROM site "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "site", id)) == 0) {
        out->id = sqlite3_column_int64(st, 0);
        out->region_id = sqlite3_column_int64(st, 1);
        store__column_text(st, 2, out->name, sizeof(out->name));
        store__column_text(st, 3, out->city, sizeof(out->city));
    }
    sqlite3_finalize(st);
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

int store_area_get(struct store *s, int64_t id, struct area *out,
                   struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, name FROM area WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "area", id)) == 0) {
        out->id = sqlite3_column_int64(st, 0);
        out->region_id = sqlite3_column_int64(st, 1);
        store__column_text(st, 2, out->name, sizeof(out->name));
    }
    sqlite3_finalize(st);
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

int store_specialty_get(struct store *s, int64_t id, struct specialty *out,
                        struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, code, name_sv, name_en, kind, parent_id "
                          "FROM specialty WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "specialty", id)) == 0) {
        int kind = 0;
        out->id = sqlite3_column_int64(st, 0);
        store__column_text(st, 1, out->code, sizeof(out->code));
        store__column_text(st, 2, out->name_sv, sizeof(out->name_sv));
        store__column_text(st, 3, out->name_en, sizeof(out->name_en));
        vocab_parse(&vocab_specialty_kind,
                    (const char *)sqlite3_column_text(st, 4), &kind);
        out->kind = (enum specialty_kind)kind;
        out->parent_id = store__column_id(st, 5);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_specialty_find(struct store *s, const char *code, int64_t *id,
                         struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei, "SELECT id FROM specialty WHERE code = ?",
                          "t", code);
    if (rc)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (step == SQLITE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, "specialty", "no specialty %s", code);
    else
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    return rc;
}

int store_goal_insert(struct store *s, struct goal *g, struct err_info *ei)
{
    int rc =
        store__check_vocab(ei, "regulation", &vocab_regulation, g->regulation);
    if (rc == 0)
        rc = store__check_text(ei, "code", g->code, 1, 17);
    if (rc == 0)
        rc = store__check_text(ei, "title", g->title, 1, sizeof(g->title));
    if (rc == 0)
        rc = store__exec(s, ei, &g->id,
                         "INSERT INTO goal (regulation, specialty_id, code, "
                         "title) VALUES (?, ?, ?, ?) RETURNING id",
                         "tdtt", vocab_name(&vocab_regulation, g->regulation),
                         g->specialty_id, g->code, g->title);
    return store__name_failure(ei, rc, "code", "specialty_id");
}

int store_goal_get(struct store *s, int64_t id, struct goal *out,
                   struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, regulation, specialty_id, code, title "
                          "FROM goal WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "goal", id)) == 0) {
        int reg = 0;
        out->id = sqlite3_column_int64(st, 0);
        vocab_parse(&vocab_regulation, (const char *)sqlite3_column_text(st, 1),
                    &reg);
        out->regulation = (enum regulation)reg;
        out->specialty_id = store__column_id(st, 2);
        store__column_text(st, 3, out->code, sizeof(out->code));
        store__column_text(st, 4, out->title, sizeof(out->title));
    }
    sqlite3_finalize(st);
    return rc;
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

int store_unit_get(struct store *s, int64_t id, struct unit *out,
                   struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, region_id, provider_id, site_id, "
                          "area_id, specialty_id, name, hsa_id, kind, "
                          "takes_trainees, max_away FROM unit WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "unit", id)) == 0) {
        int kind = 0;
        out->id = sqlite3_column_int64(st, 0);
        out->region_id = sqlite3_column_int64(st, 1);
        out->provider_id = sqlite3_column_int64(st, 2);
        out->site_id = store__column_id(st, 3);
        out->area_id = store__column_id(st, 4);
        out->specialty_id = sqlite3_column_int64(st, 5);
        store__column_text(st, 6, out->name, sizeof(out->name));
        store__column_text(st, 7, out->hsa_id, sizeof(out->hsa_id));
        vocab_parse(&vocab_unit_kind, (const char *)sqlite3_column_text(st, 8),
                    &kind);
        out->kind = (enum unit_kind)kind;
        out->takes_trainees = sqlite3_column_int(st, 9);
        out->max_away = store__column_opt(st, 10);
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM unit_goal "
                                 "WHERE unit_id = ? ORDER BY goal_id",
                                 id, out->goal_ids, &out->ngoals);
    return rc;
}
