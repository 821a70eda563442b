/* The store's lists and updates of reference data, units and capacity:
 * filters, order, pagination and totals, validation that names the field,
 * audit rows, overlap on update, and overbooked weeks. */
#include "domain/week.h"
#include "store/store.h"
#include "tmpdb.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_path[64];
static struct store *st;
static struct err_info ei;

/* Two regions; units of two specialties, public and private. */
static struct {
    int64_t skane, blekinge;
    int64_t region_p, clinic_p, dr_p; /* providers: public, two private */
    int64_t sus, cssk;                /* sites: Skåne, Blekinge */
    int64_t lund, malmo, karlskrona;  /* areas */
    int64_t gyn, am, neo, ped;        /* specialties: neo is gyn's gren */
    int64_t common_a1, common_sta1, gyn_c1, gyn_stc1, am_stc5;
    int64_t u_gyn_lund, u_vc_nasby, u_priv_gyn, u_bl_gyn;
    int64_t trainee;
} ids;

static int week(const char *iso)
{
    int w = 0;
    cr_assert_eq(week_parse(iso, &w), 0, "%s", iso);
    return w;
}

static int64_t add_unit(int64_t region, int64_t provider, int64_t site,
                        int64_t area, int64_t specialty, const char *name,
                        const char *hsa, enum unit_kind kind, int takes)
{
    struct unit u = {0};
    u.region_id = region, u.provider_id = provider, u.site_id = site;
    u.area_id = area, u.specialty_id = specialty, u.kind = kind;
    u.takes_trainees = takes, u.max_away = STORE_NONE;
    snprintf(u.name, sizeof(u.name), "%s", name);
    snprintf(u.hsa_id, sizeof(u.hsa_id), "%s", hsa);
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    return u.id;
}

static int64_t add_goal(enum regulation r, int64_t specialty, const char *code,
                        const char *title)
{
    struct goal g = {0, r, specialty, "", "", GOAL_C, CONFIDENCE_VERIFIED};
    snprintf(g.code, sizeof(g.code), "%s", code);
    snprintf(g.title, sizeof(g.title), "%s", title);
    cr_assert_eq(store_goal_insert(st, &g, &ei), 0, "%s", ei.msg);
    return g.id;
}

static void setup(void)
{
    err_clear(&ei);
    tmpdb_path(db_path, sizeof(db_path), "lists");
    cr_assert_eq(store_open(db_path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);

    struct region sk = {0, "skane", "Region Skåne"};
    struct region bl = {0, "blekinge", "Region Blekinge"};
    cr_assert_eq(store_region_insert(st, &sk, &ei), 0);
    cr_assert_eq(store_region_insert(st, &bl, &ei), 0);
    ids.skane = sk.id, ids.blekinge = bl.id;

    struct provider p1 = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    struct provider p2 = {0, "Capio Kvinnoklinik AB", "556000-0001",
                          PROVIDER_PRIVATE};
    struct provider p3 = {0, "Doktor Nilsson AB", "556000-0002",
                          PROVIDER_PRIVATE};
    cr_assert_eq(store_provider_insert(st, &p1, &ei), 0);
    cr_assert_eq(store_provider_insert(st, &p2, &ei), 0);
    cr_assert_eq(store_provider_insert(st, &p3, &ei), 0);
    ids.region_p = p1.id, ids.clinic_p = p2.id, ids.dr_p = p3.id;

    struct site s1 = {0, sk.id, "Skånes universitetssjukhus, Lund", "Lund"};
    struct site s2 = {0, bl.id, "Blekingesjukhuset", "Karlskrona"};
    cr_assert_eq(store_site_insert(st, &s1, &ei), 0);
    cr_assert_eq(store_site_insert(st, &s2, &ei), 0);
    ids.sus = s1.id, ids.cssk = s2.id;

    struct area a1 = {0, sk.id, "Lund–Ystad"};
    struct area a2 = {0, sk.id, "Malmö–Trelleborg"};
    struct area a3 = {0, bl.id, "Karlskrona"};
    cr_assert_eq(store_area_insert(st, &a1, &ei), 0);
    cr_assert_eq(store_area_insert(st, &a2, &ei), 0);
    cr_assert_eq(store_area_insert(st, &a3, &ei), 0);
    ids.lund = a1.id, ids.malmo = a2.id, ids.karlskrona = a3.id;

    struct specialty gyn = {0,
                            "obstetrik-och-gynekologi",
                            "Obstetrik och gynekologi",
                            "Obstetrics and gynaecology",
                            SPECIALTY_BAS,
                            0};
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    struct specialty ped = {0,
                            "barn-och-ungdomsmedicin",
                            "Barn- och ungdomsmedicin",
                            "Paediatrics",
                            SPECIALTY_BAS,
                            0};
    cr_assert_eq(store_specialty_insert(st, &gyn, &ei), 0);
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0);
    cr_assert_eq(store_specialty_insert(st, &ped, &ei), 0);
    struct specialty neo = {
        0, "neonatologi", "Neonatologi", "Neonatology", SPECIALTY_GREN, ped.id};
    cr_assert_eq(store_specialty_insert(st, &neo, &ei), 0, "%s", ei.msg);
    ids.gyn = gyn.id, ids.am = am.id, ids.ped = ped.id, ids.neo = neo.id;

    ids.common_a1 = add_goal(REGULATION_2015, 0, "a1", "Medarbetarskap");
    ids.common_sta1 =
        add_goal(REGULATION_2021, 0, "STa1", "Hälso- och sjukvårdens ledning");
    ids.gyn_c1 = add_goal(REGULATION_2015, gyn.id, "c1", "Graviditet");
    ids.gyn_stc1 =
        add_goal(REGULATION_2021, gyn.id, "STc1", "Normal graviditet");
    ids.am_stc5 = add_goal(REGULATION_2021, am.id, "STc5", "Kvinnosjukdomar");

    ids.u_gyn_lund =
        add_unit(sk.id, p1.id, s1.id, a1.id, gyn.id, "Kvinnokliniken, Sus Lund",
                 "SE2321000255-K1", UNIT_HOSPITAL_CLINIC, 1);
    ids.u_vc_nasby =
        add_unit(sk.id, p1.id, 0, a2.id, am.id, "Vårdcentralen Näsby",
                 "SE2321000255-V7", UNIT_PRIMARY_CARE, 0);
    ids.u_priv_gyn =
        add_unit(sk.id, p2.id, 0, 0, gyn.id, "Capio Gynekologi Malmö",
                 "SE5560000001-G1", UNIT_PRIVATE_CLINIC, 1);
    ids.u_bl_gyn = add_unit(bl.id, p1.id, s2.id, a3.id, gyn.id,
                            "Kvinnokliniken Karlskrona", "SE2321000255-K9",
                            UNIT_HOSPITAL_CLINIC, 1);

    struct person p = {0, "Anna Lind", "anna.lind@demo.randa.se", ""};
    cr_assert_eq(store_person_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct trainee t = {
        0, p.id,         am.id, REGULATION_2021, ids.u_vc_nasby,
        0, "2024-09-01", 100,   "2030-03-01",    TRAINEE_ACTIVE};
    cr_assert_eq(store_trainee_insert(st, &t, &ei), 0, "%s", ei.msg);
    ids.trainee = t.id;
}

static void teardown(void)
{
    store_close(st);
    st = NULL;
    tmpdb_remove(db_path);
}

TestSuite(store_lists, .init = setup, .fini = teardown);

/* ---- collectors: each callback keeps the ids it saw ---- */

#define SEEN_MAX 64
struct seen {
    int n;
    int64_t id[SEEN_MAX];
    char name[SEEN_MAX][STORE_NAME_MAX];
};

static void seen_add(struct seen *s, int64_t id, const char *name)
{
    cr_assert_lt(s->n, SEEN_MAX);
    s->id[s->n] = id;
    snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
    s->n++;
}

static int seen_region(const struct region *r, void *arg)
{
    seen_add(arg, r->id, r->name);
    return 0;
}

static int seen_provider(const struct provider *p, void *arg)
{
    seen_add(arg, p->id, p->name);
    return 0;
}

static int seen_site(const struct site *s, void *arg)
{
    seen_add(arg, s->id, s->name);
    return 0;
}

static int seen_area(const struct area *a, void *arg)
{
    seen_add(arg, a->id, a->name);
    return 0;
}

static int seen_specialty(const struct specialty *sp, void *arg)
{
    seen_add(arg, sp->id, sp->name_sv);
    return 0;
}

static int seen_goal(const struct goal *g, void *arg)
{
    seen_add(arg, g->id, g->code);
    return 0;
}

static int seen_unit(const struct unit_item *it, void *arg)
{
    seen_add(arg, it->unit.id, it->unit.name);
    return 0;
}

static int seen_capacity(const struct capacity *c, void *arg)
{
    seen_add(arg, c->id, c->note);
    return 0;
}

static int has(const struct seen *s, int64_t id)
{
    for (int i = 0; i < s->n; i++)
        if (s->id[i] == id)
            return 1;
    return 0;
}

static int stop_at_first(const struct region *r, void *arg)
{
    (void)r;
    ++*(int *)arg;
    return 7;
}

/* ---- reference data ---- */

Test(store_lists, regions_are_ordered_by_name_and_paginate_with_a_total)
{
    struct seen s = {0};
    int64_t total = -1;
    cr_assert_eq(store_region_list(st, -1, 0, seen_region, &s, &total, &ei), 0);
    cr_assert_eq(total, 2);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.name[0], "Region Blekinge");
    cr_assert_str_eq(s.name[1], "Region Skåne");

    struct seen page = {0};
    cr_assert_eq(store_region_list(st, 1, 1, seen_region, &page, &total, &ei),
                 0);
    cr_assert_eq(total, 2, "the total ignores limit and offset");
    cr_assert_eq(page.n, 1);
    cr_assert_eq(page.id[0], ids.skane);

    struct seen none = {0};
    cr_assert_eq(store_region_list(st, 10, 5, seen_region, &none, &total, &ei),
                 0);
    cr_assert_eq(none.n, 0);
    cr_assert_eq(total, 2, "an offset past the end still counts");
}

Test(store_lists, a_callback_that_fails_stops_the_list_with_its_value)
{
    int calls = 0;
    int64_t total = 0;
    cr_assert_eq(
        store_region_list(st, -1, 0, stop_at_first, &calls, &total, &ei), 7);
    cr_assert_eq(calls, 1);
}

Test(store_lists, providers_filter_by_kind_and_case_insensitive_text)
{
    struct provider_filter f = {-1, NULL};
    struct seen s = {0};
    int64_t total = 0;
    cr_assert_eq(
        store_provider_list(st, &f, -1, 0, seen_provider, &s, &total, &ei), 0);
    cr_assert_eq(total, 3);

    f.kind = PROVIDER_PRIVATE;
    memset(&s, 0, sizeof(s));
    store_provider_list(st, &f, -1, 0, seen_provider, &s, &total, &ei);
    cr_assert_eq(total, 2);
    cr_assert(has(&s, ids.clinic_p) && has(&s, ids.dr_p));

    f.q = "NILSSON";
    memset(&s, 0, sizeof(s));
    store_provider_list(st, &f, -1, 0, seen_provider, &s, &total, &ei);
    cr_assert_eq(total, 1);
    cr_assert_eq(s.id[0], ids.dr_p);

    f.kind = PROVIDER_PUBLIC;
    memset(&s, 0, sizeof(s));
    store_provider_list(st, &f, -1, 0, seen_provider, &s, &total, &ei);
    cr_assert_eq(total, 0, "filters combine");

    struct provider_filter pct = {-1, "%"};
    store_provider_list(st, &pct, -1, 0, seen_provider, &s, &total, &ei);
    cr_assert_eq(total, 0, "%% is text, not a wildcard");
}

Test(store_lists, sites_and_areas_filter_by_region)
{
    struct site_filter sf = {ids.blekinge};
    struct seen s = {0};
    int64_t total = 0;
    cr_assert_eq(store_site_list(st, &sf, -1, 0, seen_site, &s, &total, &ei),
                 0);
    cr_assert_eq(total, 1);
    cr_assert_eq(s.id[0], ids.cssk);
    sf.region_id = 0;
    store_site_list(st, &sf, -1, 0, seen_site, &s, &total, &ei);
    cr_assert_eq(total, 2);

    struct area_filter af = {ids.skane};
    memset(&s, 0, sizeof(s));
    cr_assert_eq(store_area_list(st, &af, -1, 0, seen_area, &s, &total, &ei),
                 0);
    cr_assert_eq(total, 2);
    cr_assert_str_eq(s.name[0], "Lund–Ystad");
    cr_assert_str_eq(s.name[1], "Malmö–Trelleborg");
    af.region_id = 999;
    store_area_list(st, &af, -1, 0, seen_area, &s, &total, &ei);
    cr_assert_eq(total, 0);
}

Test(store_lists, specialties_filter_by_kind_parent_and_text_in_any_name)
{
    struct specialty_filter f = {-1, 0, NULL};
    struct seen s = {0};
    int64_t total = 0;
    store_specialty_list(st, &f, -1, 0, seen_specialty, &s, &total, &ei);
    cr_assert_eq(total, 4);
    cr_assert_str_eq(s.name[0], "Allmänmedicin", "ordered by Swedish name");

    f.kind = SPECIALTY_GREN;
    memset(&s, 0, sizeof(s));
    store_specialty_list(st, &f, -1, 0, seen_specialty, &s, &total, &ei);
    cr_assert_eq(total, 1);
    cr_assert_eq(s.id[0], ids.neo);

    struct specialty_filter byparent = {-1, ids.ped, NULL};
    memset(&s, 0, sizeof(s));
    store_specialty_list(st, &byparent, -1, 0, seen_specialty, &s, &total, &ei);
    cr_assert_eq(total, 1);
    cr_assert_eq(s.id[0], ids.neo);

    const char *words[] = {"gynekologi", "GYNAECOLOGY", "obstetrik-och"};
    for (size_t i = 0; i < 3; i++) {
        struct specialty_filter q = {-1, 0, words[i]};
        memset(&s, 0, sizeof(s));
        store_specialty_list(st, &q, -1, 0, seen_specialty, &s, &total, &ei);
        cr_assert_eq(total, 1, "%s", words[i]);
        cr_assert_eq(s.id[0], ids.gyn, "%s", words[i]);
    }
}

Test(store_lists, goals_filter_by_specialty_common_regulation_and_text)
{
    int64_t total = 0;
    struct seen s = {0};
    struct goal_filter all = {0, -1, -1, NULL, -1};
    store_goal_list(st, &all, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 5);

    struct goal_filter gyn = {ids.gyn, -1, -1, NULL, -1};
    memset(&s, 0, sizeof(s));
    store_goal_list(st, &gyn, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2);
    cr_assert(has(&s, ids.gyn_c1) && has(&s, ids.gyn_stc1));

    struct goal_filter common = {0, 1, -1, NULL, -1};
    memset(&s, 0, sizeof(s));
    store_goal_list(st, &common, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2);
    cr_assert(has(&s, ids.common_a1) && has(&s, ids.common_sta1));

    struct goal_filter specific = {0, 0, -1, NULL, -1};
    memset(&s, 0, sizeof(s));
    store_goal_list(st, &specific, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 3);
    cr_assert(!has(&s, ids.common_a1));

    /* A specialty with common=1: its goals and the common ones. */
    struct goal_filter mine = {ids.gyn, 1, REGULATION_2021, NULL, -1};
    memset(&s, 0, sizeof(s));
    store_goal_list(st, &mine, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2);
    cr_assert(has(&s, ids.gyn_stc1) && has(&s, ids.common_sta1));

    struct goal_filter mine_only = {ids.gyn, 0, -1, NULL, -1};
    store_goal_list(st, &mine_only, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2);

    struct goal_filter text = {0, -1, -1, "graviditet", -1};
    memset(&s, 0, sizeof(s));
    store_goal_list(st, &text, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2, "in the title");
    struct goal_filter code = {0, -1, -1, "stc", -1};
    store_goal_list(st, &code, -1, 0, seen_goal, &s, &total, &ei);
    cr_assert_eq(total, 2, "in the code");
}

/* ---- units ---- */

static int64_t count_units(const struct unit_filter *f)
{
    int64_t total = -1;
    struct seen s = {0};
    cr_assert_eq(store_unit_list(st, f, -1, 0, seen_unit, &s, &total, &ei), 0,
                 "%s", ei.msg);
    cr_assert_eq(total, s.n);
    return total;
}

static struct unit_filter any_unit(void)
{
    struct unit_filter f = {0};
    f.provider_kind = f.kind = f.takes_trainees = -1;
    return f;
}

Test(store_lists, units_filter_on_every_field)
{
    struct unit_filter f = any_unit();
    cr_assert_eq(count_units(&f), 4);
    f.region_id = ids.blekinge;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.area_id = ids.malmo;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.specialty_id = ids.gyn;
    cr_assert_eq(count_units(&f), 3);
    f = any_unit(), f.provider_id = ids.clinic_p;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.provider_kind = PROVIDER_PRIVATE;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.provider_kind = PROVIDER_PUBLIC;
    cr_assert_eq(count_units(&f), 3);
    f = any_unit(), f.kind = UNIT_PRIMARY_CARE;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.takes_trainees = 0;
    cr_assert_eq(count_units(&f), 1);
    f = any_unit(), f.takes_trainees = 1;
    cr_assert_eq(count_units(&f), 3);
    f = any_unit(), f.q = "kvinnoKLINIKEN";
    cr_assert_eq(count_units(&f), 2);
    f = any_unit(), f.q = "VÅRDCENTRALEN NÄSBY";
    cr_assert_eq(count_units(&f), 1, "Swedish capitals fold");
    f = any_unit(), f.q = "SE2321000255-V";
    cr_assert_eq(count_units(&f), 1, "the HSA-id matches too");
    f = any_unit(), f.specialty_id = ids.gyn, f.region_id = ids.skane;
    f.provider_kind = PROVIDER_PUBLIC;
    cr_assert_eq(count_units(&f), 1);
}

static int keep_item(const struct unit_item *it, void *arg)
{
    struct unit_item *out = arg;
    if (it->unit.id == out->unit.id)
        *out = *it;
    return 0;
}

Test(store_lists, unit_items_carry_the_names_of_what_they_refer_to)
{
    struct unit_filter f = any_unit();
    struct unit_item it;
    memset(&it, 0, sizeof(it));
    it.unit.id = ids.u_gyn_lund;
    int64_t total = 0;
    store_unit_list(st, &f, -1, 0, keep_item, &it, &total, &ei);
    cr_assert_str_eq(it.unit.name, "Kvinnokliniken, Sus Lund");
    cr_assert_eq(it.specialty.id, ids.gyn);
    cr_assert_str_eq(it.specialty.code, "obstetrik-och-gynekologi");
    cr_assert_str_eq(it.specialty.name_en, "Obstetrics and gynaecology");
    cr_assert_eq(it.provider.id, ids.region_p);
    cr_assert_eq(it.provider.kind, PROVIDER_PUBLIC);
    cr_assert_str_eq(it.area.name, "Lund–Ystad");
    cr_assert_str_eq(it.site.city, "Lund");
    cr_assert_eq(it.unit.max_away, STORE_NONE);

    memset(&it, 0, sizeof(it));
    it.unit.id = ids.u_priv_gyn;
    store_unit_list(st, &f, -1, 0, keep_item, &it, &total, &ei);
    cr_assert_str_eq(it.provider.name, "Capio Kvinnoklinik AB");
    cr_assert_eq(it.provider.kind, PROVIDER_PRIVATE);
    cr_assert_eq(it.area.id, 0, "no area");
    cr_assert_eq(it.site.id, 0, "no site");
}

Test(store_lists, units_are_ordered_by_name_and_paginate)
{
    struct unit_filter f = any_unit();
    struct seen s = {0};
    int64_t total = 0;
    store_unit_list(st, &f, 2, 1, seen_unit, &s, &total, &ei);
    cr_assert_eq(total, 4);
    cr_assert_eq(s.n, 2);
    /* Capio, Kvinnokliniken Karlskrona, Kvinnokliniken, Sus Lund, Vård... */
    cr_assert_str_eq(s.name[0], "Kvinnokliniken Karlskrona");
    cr_assert_str_eq(s.name[1], "Kvinnokliniken, Sus Lund");
}

Test(store_lists, unit_item_get_has_goals_and_refuses_unknown_ids)
{
    struct unit u;
    cr_assert_eq(store_unit_get(st, ids.u_gyn_lund, &u, &ei), 0);
    u.ngoals = 2, u.goal_ids[0] = ids.gyn_stc1, u.goal_ids[1] = ids.am_stc5;
    cr_assert_eq(store_unit_update(st, &u, &ei), 0, "%s", ei.msg);
    struct unit_item it;
    cr_assert_eq(store_unit_item_get(st, ids.u_gyn_lund, &it, &ei), 0);
    cr_assert_eq(it.unit.ngoals, 2);
    cr_assert_eq(it.unit.goal_ids[0], ids.gyn_stc1);
    cr_assert_eq(it.unit.goal_ids[1], ids.am_stc5);
    cr_assert_str_eq(it.specialty.name_sv, "Obstetrik och gynekologi");
    cr_assert_eq(store_unit_item_get(st, 999, &it, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
}

static int64_t audit_count(void)
{
    int64_t n = -1;
    cr_assert_eq(store_count(st, STORE_AUDIT, &n, &ei), 0);
    return n;
}

Test(store_lists, unit_update_writes_fields_goals_and_an_audit_row)
{
    store_set_actor(st, "verksamhetschef");
    struct unit u;
    store_unit_get(st, ids.u_vc_nasby, &u, &ei);
    snprintf(u.name, sizeof(u.name), "Vårdcentralen Näsby, Kristianstad");
    u.takes_trainees = 1, u.max_away = 3;
    u.ngoals = 1, u.goal_ids[0] = ids.am_stc5;
    int64_t before = audit_count();
    cr_assert_eq(store_unit_update(st, &u, &ei), 0, "%s", ei.msg);

    struct unit out;
    cr_assert_eq(store_unit_get(st, ids.u_vc_nasby, &out, &ei), 0);
    cr_assert_str_eq(out.name, "Vårdcentralen Näsby, Kristianstad");
    cr_assert_eq(out.takes_trainees, 1);
    cr_assert_eq(out.max_away, 3);
    cr_assert_eq(out.ngoals, 1);
    cr_assert_eq(out.goal_ids[0], ids.am_stc5);

    cr_assert_eq(audit_count(), before + 1);
    struct audit a;
    cr_assert_eq(store_audit_get(st, before + 1, &a, &ei), 0);
    cr_assert_str_eq(a.entity, "unit");
    cr_assert_str_eq(a.action, "update");
    cr_assert_str_eq(a.actor, "verksamhetschef");
    cr_assert_eq(a.entity_id, ids.u_vc_nasby);
    cr_assert_not_null(strstr(a.before_json, "\"max_away\":null"));
    cr_assert_not_null(strstr(a.before_json, "\"goal_ids\":[]"));
    cr_assert_not_null(strstr(a.after_json, "\"max_away\":3"));
    cr_assert_not_null(strstr(a.after_json, "\"takes_trainees\":1"));
    store_audit_release(&a);

    /* max_away back to no limit. */
    u.max_away = STORE_NONE;
    cr_assert_eq(store_unit_update(st, &u, &ei), 0, "%s", ei.msg);
    store_unit_get(st, ids.u_vc_nasby, &out, &ei);
    cr_assert_eq(out.max_away, STORE_NONE);
}

/* The update fails naming field, and neither the unit nor the log moves. */
static void refused(struct unit *u, int code, const char *field)
{
    struct unit stored;
    store_unit_get(st, u->id, &stored, &ei);
    int64_t n = audit_count();
    cr_assert_eq(store_unit_update(st, u, &ei), code, "%s: %s", field, ei.msg);
    cr_assert_str_eq(ei.field, field);
    struct unit now;
    store_unit_get(st, u->id, &now, &ei);
    cr_assert_str_eq(now.name, stored.name);
    cr_assert_eq(now.max_away, stored.max_away);
    cr_assert_eq(now.ngoals, stored.ngoals);
    cr_assert_eq(audit_count(), n);
}

Test(store_lists, unit_update_validates_every_field_before_writing)
{
    struct unit base;
    store_unit_get(st, ids.u_gyn_lund, &base, &ei);
    snprintf(base.name, sizeof(base.name), "Renamed");

    struct unit u = base;
    u.name[0] = '\0';
    refused(&u, ERR_INVAL, "name");
    u = base, u.max_away = 1001;
    refused(&u, ERR_INVAL, "max_away");
    u = base, u.takes_trainees = 2;
    refused(&u, ERR_INVAL, "takes_trainees");
    u = base, snprintf(u.hsa_id, sizeof(u.hsa_id), "SE12-x");
    refused(&u, ERR_INVAL, "hsa_id");
    u = base, u.kind = (enum unit_kind)9;
    refused(&u, ERR_INVAL, "kind");
    u = base, u.ngoals = 2, u.goal_ids[0] = ids.gyn_c1;
    u.goal_ids[1] = ids.gyn_c1;
    refused(&u, ERR_INVAL, "goal_ids");
    /* A missing goal fails after the unit row was written: rolled back. */
    u = base, u.ngoals = 1, u.goal_ids[0] = 999;
    refused(&u, ERR_NOTFOUND, "goal_ids");
    u = base, snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-V7");
    refused(&u, ERR_CONFLICT, "hsa_id");
    u = base, u.id = 999;
    cr_assert_eq(store_unit_update(st, &u, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
}

/* ---- capacity ---- */

static int64_t add_capacity(int64_t unit, const char *from, const char *to,
                            int seats, const char *note)
{
    struct capacity c = {
        0, unit, week(from), week(to), seats, PATTERN_BIT(PATTERN_FULL), ""};
    snprintf(c.note, sizeof(c.note), "%s", note);
    cr_assert_eq(store_capacity_insert(st, &c, &ei), 0, "%s", ei.msg);
    return c.id;
}

static int64_t count_capacity(const struct capacity_filter *f, struct seen *s)
{
    int64_t total = -1;
    memset(s, 0, sizeof(*s));
    cr_assert_eq(
        store_capacity_list(st, f, -1, 0, seen_capacity, s, &total, &ei), 0,
        "%s", ei.msg);
    return total;
}

Test(store_lists, capacity_filters_by_unit_specialty_and_overlapping_weeks)
{
    int64_t a = add_capacity(ids.u_gyn_lund, "2027-W01", "2027-W27", 2, "a");
    int64_t b = add_capacity(ids.u_gyn_lund, "2027-W27", "2027-W33", 1, "b");
    int64_t c = add_capacity(ids.u_vc_nasby, "2027-W10", "2027-W20", 1, "c");
    int64_t d = add_capacity(ids.u_priv_gyn, "2026-W40", "2027-W02", 1, "d");
    struct seen s;
    struct capacity_filter f = {0, 0, STORE_NONE, STORE_NONE};
    cr_assert_eq(count_capacity(&f, &s), 4);
    /* Ordered by unit, then week. */
    cr_assert_eq(s.id[0], a);
    cr_assert_eq(s.id[1], b);

    f.unit_id = ids.u_gyn_lund;
    cr_assert_eq(count_capacity(&f, &s), 2);
    cr_assert_eq(s.id[0], a);
    cr_assert_eq(s.id[1], b);

    struct capacity_filter gyn = {0, ids.gyn, STORE_NONE, STORE_NONE};
    cr_assert_eq(count_capacity(&gyn, &s), 3);
    cr_assert(!has(&s, c));

    /* [W27, W28) touches only b; a ends before W27 (exclusive). */
    struct capacity_filter w = {0, 0, week("2027-W27"), week("2027-W28")};
    cr_assert_eq(count_capacity(&w, &s), 1);
    cr_assert_eq(s.id[0], b);
    /* [W01, W02) touches a and d (d's last week is W01). */
    struct capacity_filter w1 = {0, 0, week("2027-W01"), week("2027-W02")};
    cr_assert_eq(count_capacity(&w1, &s), 2);
    cr_assert(has(&s, a) && has(&s, d));
    /* Only a lower bound: periods that end after it. */
    struct capacity_filter from = {0, 0, week("2027-W20"), STORE_NONE};
    cr_assert_eq(count_capacity(&from, &s), 2);
    cr_assert(has(&s, a) && has(&s, b));
    /* Only an upper bound: periods that start before it. */
    struct capacity_filter to = {0, 0, STORE_NONE, week("2027-W01")};
    cr_assert_eq(count_capacity(&to, &s), 1);
    cr_assert_eq(s.id[0], d);

    int64_t total = 0;
    memset(&s, 0, sizeof(s));
    struct capacity_filter any = {0, 0, STORE_NONE, STORE_NONE};
    store_capacity_list(st, &any, 2, 2, seen_capacity, &s, &total, &ei);
    cr_assert_eq(total, 4);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(s.id[0], c, "Näsby before the private unit (by unit id)");
    cr_assert_eq(s.id[1], d);
}

Test(store_lists, capacity_update_checks_overlap_excluding_itself)
{
    int64_t a = add_capacity(ids.u_gyn_lund, "2027-W01", "2027-W27", 2, "a");
    add_capacity(ids.u_gyn_lund, "2027-W30", "2027-W40", 1, "b");
    add_capacity(ids.u_priv_gyn, "2027-W27", "2027-W33", 1, "other unit");
    struct capacity c;
    store_capacity_get(st, a, &c, &ei);

    /* Growing into its own weeks and up to the next period is fine. */
    c.from_week = week("2026-W50"), c.to_week = week("2027-W30");
    cr_assert_eq(store_capacity_update(st, &c, &ei), 0, "%s", ei.msg);
    /* One week into b is not. */
    c.to_week = week("2027-W31");
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "from_week");
    cr_assert_not_null(strstr(ei.msg, "2027-W30 to 2027-W39"), "%s", ei.msg);
    struct capacity out;
    store_capacity_get(st, a, &out, &ei);
    cr_assert_eq(out.to_week, week("2027-W30"), "unchanged");
}

Test(store_lists, capacity_update_validates_and_is_audited)
{
    int64_t a = add_capacity(ids.u_gyn_lund, "2027-W01", "2027-W27", 2, "");
    struct capacity base;
    store_capacity_get(st, a, &base, &ei);
    int64_t n = audit_count();

    struct capacity c = base;
    c.seats = 1001;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "seats");
    c = base, c.to_week = c.from_week;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "to_week");
    c = base, c.patterns = 0;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "patterns");
    c = base, c.patterns = 64;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "patterns");
    c = base, c.from_week = WEEK_MIN - 1;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "from_week");
    c = base, c.id = 999;
    cr_assert_eq(store_capacity_update(st, &c, &ei), ERR_NOTFOUND);
    cr_assert_eq(audit_count(), n, "nothing written");

    c = base, c.seats = 3;
    c.patterns = PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF);
    snprintf(c.note, sizeof(c.note), "vår");
    cr_assert_eq(store_capacity_update(st, &c, &ei), 0, "%s", ei.msg);
    struct capacity out;
    store_capacity_get(st, a, &out, &ei);
    cr_assert_eq(out.seats, 3);
    cr_assert_eq(out.patterns, c.patterns);
    cr_assert_str_eq(out.note, "vår");
    cr_assert_eq(audit_count(), n + 1);
    struct audit au;
    cr_assert_eq(store_audit_get(st, n + 1, &au, &ei), 0);
    cr_assert_str_eq(au.entity, "capacity");
    cr_assert_str_eq(au.action, "update");
    cr_assert_eq(au.entity_id, a);
    cr_assert_not_null(strstr(au.before_json, "\"seats\":2"));
    cr_assert_not_null(strstr(au.after_json, "\"seats\":3"));
    store_audit_release(&au);
}

/* A new trainee of allmänmedicin at Näsby, full time. */
static int64_t new_trainee(void)
{
    static int n;
    struct person p = {0, "", "", ""};
    snprintf(p.name, sizeof(p.name), "Trainee %d", ++n);
    snprintf(p.email, sizeof(p.email), "t%d.%d@demo.randa.se", n, getpid());
    cr_assert_eq(store_person_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct trainee t = {
        0, p.id,         ids.am, REGULATION_2021, ids.u_vc_nasby,
        0, "2024-09-01", 100,    "2030-03-01",    TRAINEE_ACTIVE};
    cr_assert_eq(store_trainee_insert(st, &t, &ei), 0, "%s", ei.msg);
    return t.id;
}

/* Books a new trainee at the Lund clinic, then moves it to status. */
static struct booking book(const char *start, enum pattern p, int weeks,
                           enum booking_status status)
{
    struct booking b = {0};
    b.trainee_id = new_trainee(), b.unit_id = ids.u_gyn_lund;
    b.start_week = week(start), b.pattern = p, b.weeks = weeks;
    b.status = BOOKING_REQUESTED, b.cancel_reason = CANCEL_NONE;
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    if (status == BOOKING_CANCELLED)
        cr_assert_eq(store_booking_set_status(st, b.id, status,
                                              CANCEL_CHANGED_PLAN, &ei),
                     0);
    else if (status != BOOKING_REQUESTED)
        cr_assert_eq(store_booking_set_status(st, b.id, BOOKING_CONFIRMED,
                                              CANCEL_NONE, &ei),
                     0);
    if (status == BOOKING_COMPLETED)
        cr_assert_eq(
            store_booking_set_status(st, b.id, status, CANCEL_NONE, &ei), 0);
    return b;
}

struct weeks {
    int n;
    int week[64], seats[64], occupancy[64];
};

static int keep_week(int w, int seats, int occupancy, void *arg)
{
    struct weeks *ws = arg;
    cr_assert_lt(ws->n, 64);
    ws->week[ws->n] = w, ws->seats[ws->n] = seats;
    ws->occupancy[ws->n] = occupancy;
    ws->n++;
    return 0;
}

Test(store_lists, overbooked_weeks_count_the_bookings_that_hold_seats)
{
    /* Booked while the unit offered 5 seats in W10..W29, then reduced. */
    int64_t a = add_capacity(ids.u_gyn_lund, "2027-W10", "2027-W30", 5, "");
    book("2027-W10", PATTERN_FULL, 4, BOOKING_COMPLETED);   /* W10..W13 */
    book("2027-W12", PATTERN_SPLIT3, 3, BOOKING_REQUESTED); /* W12..W16 */
    book("2027-W10", PATTERN_FULL, 8, BOOKING_CANCELLED);   /* ignored */
    book("2027-W18", PATTERN_FULL, 4, BOOKING_CONFIRMED);   /* W18..W21 */
    struct capacity c;
    store_capacity_get(st, a, &c, &ei);

    struct weeks ws = {0};
    cr_assert_eq(store_unit_overbooked(st, ids.u_gyn_lund, week("2027-W01"),
                                       week("2027-W40"), keep_week, &ws, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(ws.n, 0, "5 seats hold them all");

    c.seats = 1, c.to_week = week("2027-W20");
    cr_assert_eq(store_capacity_update(st, &c, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_unit_overbooked(st, ids.u_gyn_lund, week("2027-W01"),
                                       week("2027-W40"), keep_week, &ws, &ei),
                 0, "%s", ei.msg);
    /* W12, W13: 1.6 seats of 1; W20, W21: no period covers them now. */
    cr_assert_eq(ws.n, 4);
    cr_assert_eq(ws.week[0], week("2027-W12"));
    cr_assert_eq(ws.occupancy[0], 160);
    cr_assert_eq(ws.seats[0], 1);
    cr_assert_eq(ws.week[1], week("2027-W13"));
    cr_assert_eq(ws.week[2], week("2027-W20"));
    cr_assert_eq(ws.seats[2], 0);
    cr_assert_eq(ws.occupancy[2], 100);
    cr_assert_eq(ws.week[3], week("2027-W21"));

    /* Only the weeks asked about. */
    memset(&ws, 0, sizeof(ws));
    store_unit_overbooked(st, ids.u_gyn_lund, week("2027-W13"),
                          week("2027-W20"), keep_week, &ws, &ei);
    cr_assert_eq(ws.n, 1);
    cr_assert_eq(ws.week[0], week("2027-W13"));

    /* Zero seats: every occupied week of the period. */
    c.seats = 0;
    cr_assert_eq(store_capacity_update(st, &c, &ei), 0, "%s", ei.msg);
    memset(&ws, 0, sizeof(ws));
    store_unit_overbooked(st, ids.u_gyn_lund, c.from_week, c.to_week, keep_week,
                          &ws, &ei);
    /* W10..W16 and W18, W19. */
    cr_assert_eq(ws.n, 9);
    cr_assert_eq(ws.week[6], week("2027-W16"));
    cr_assert_eq(ws.occupancy[6], 60, "W16: split3 alone");
}

Test(store_lists, capacity_delete_is_audited_and_refused_while_booked)
{
    int64_t a = add_capacity(ids.u_gyn_lund, "2027-W10", "2027-W20", 1, "");
    int64_t b = add_capacity(ids.u_gyn_lund, "2027-W30", "2027-W40", 1, "");
    book("2027-W12", PATTERN_FULL, 2, BOOKING_CONFIRMED);
    book("2027-W32", PATTERN_FULL, 2, BOOKING_CANCELLED);
    int64_t n = audit_count();

    cr_assert_eq(store_capacity_delete(st, a, &ei), ERR_CONFLICT);
    cr_assert_not_null(strstr(ei.msg, "2027-W12"), "%s", ei.msg);
    struct capacity out;
    cr_assert_eq(store_capacity_get(st, a, &out, &ei), 0, "still there");
    cr_assert_eq(audit_count(), n);

    cr_assert_eq(store_capacity_delete(st, b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_capacity_get(st, b, &out, &ei), ERR_NOTFOUND);
    cr_assert_eq(audit_count(), n + 1);
    struct audit au;
    cr_assert_eq(store_audit_get(st, n + 1, &au, &ei), 0);
    cr_assert_str_eq(au.action, "delete");
    cr_assert_str_eq(au.entity, "capacity");
    cr_assert_eq(au.entity_id, b);
    cr_assert_null(au.after_json);
    cr_assert_not_null(strstr(au.before_json, "\"seats\":1"));
    store_audit_release(&au);

    cr_assert_eq(store_capacity_delete(st, b, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
}
