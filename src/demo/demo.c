/*
 * The demo region: a deterministic Region Skåne written through the store
 * API, built from the reference data embedded in the binary and one seeded
 * generator. What it contains and why is in docs/demo-region.md.
 *
 * The generator works in two halves. The first writes reference data,
 * units, capacity and trainees and keeps, in memory, a seat table (unit x
 * week) and a busy table (trainee x week). The second walks every rotation
 * need in order of its preferred start, books it where the tables allow, and
 * then writes the needs and the bookings in the order they were decided, so
 * that the database at every insert holds exactly what the tables held.
 */
#include "demo/demo.h"

#include "domain/metrics.h"
#include "domain/pattern.h"
#include "domain/vocab.h"
#include "store/agreements.h"
#include "store/budgets.h"
#include "store/forms.h"
#include "store/scenarios.h"
#include "util/embed.h"
#include "util/err.h"
#include "util/buf.h"
#include "util/password.h"
#include "util/rng.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file demo_reference[];
extern const size_t demo_reference_count;

#define DEMO_SPEC_MAX     96
#define DEMO_GOAL_MAX     16 /* specialty-specific goals per regulation */
#define DEMO_COMMON_MAX   8  /* common goals per group (a, b) */
#define DEMO_UNIT_MAX     512
#define DEMO_ROT_MAX      16 /* rotation needs of one trainee */
#define DEMO_CAND_MAX     64 /* units one need may be booked at */
#define DEMO_PLAN_AHEAD   52 /* weeks ahead that directors book */
#define DEMO_LEAD_WEEKS   13 /* bookings this close are confirmed */
#define DEMO_PAST_YEARS   6  /* capacity starts this many years back */
#define DEMO_AHEAD_YEARS  3  /* and ends this many years ahead */
#define DEMO_REG_COUNT    3  /* enum regulation values */
#define DEMO_REGION_ORGNR "232100-0255"

/* A specialty of the reference data and the goals written for it. */
struct demo_spec {
    int64_t id;
    char code[STORE_CODE_MAX];
    char name[STORE_NAME_MAX];
    char name_en[STORE_NAME_MAX];
    char parent[STORE_NAME_MAX]; /* the parent's Swedish name, or "" */
    enum specialty_kind kind;
    int64_t weight; /* share of the region's trainees */
    int gp_percent; /* how often an allmänmedicin trainee rotates here */
    int gp_wmin, gp_wmax;
    int visitor; /* specialty whose goals a rotation here covers */
    int ngoals[DEMO_REG_COUNT];
    int64_t goals[DEMO_REG_COUNT][DEMO_GOAL_MAX];
};

/* A hospital site, a provider and an area as written. */
struct demo_site {
    int64_t id;
    int area;
    int size; /* 3 university hospital, 2 county hospital, 1 local */
};

struct demo_provider {
    int64_t id;
    char digits[11];  /* the org nr without its hyphen */
    const char *role; /* specialty code it runs units in, or NULL */
    int area;         /* area it works in, or -1 for all */
};

/* A unit before and after it is written. */
struct demo_unit {
    int64_t id;
    char name[STORE_NAME_MAX];
    enum unit_kind kind;
    int spec, provider, site, area; /* indexes; site -1 for none */
    int size;                       /* weight when homes are given out */
    int base;                       /* usual seats for rotating trainees */
    int closed;                     /* percent of half-years with no seats */
    unsigned patterns;
    int cap_year; /* first ISO year with capacity; 0 for no capacity */
    int max_away; /* STORE_NONE for no limit */
    int ntrainees;
    int64_t sup_id; /* the supervisor new trainees get */
    int sup_left;   /* how many more that supervisor takes */
};

struct demo_trainee {
    int64_t id;
    int spec, home;
    int fte;
    enum regulation reg;
    int wfrom, wto; /* bookings lie in weeks [wfrom, wto) */
    long start;     /* the day training started */
};

struct demo_need {
    int64_t id;
    int trainee, target;
    int weeks, preferred;
    unsigned patterns;
    enum pattern first; /* the pattern tried first */
    enum need_status status;
};

/* A booking decided by the walk, written later in the same order. */
struct demo_event {
    int need, unit, start;
    enum pattern pattern;
    enum booking_status status;
    enum cancel_reason reason;
};

struct demo_slot {
    int unit, start, len;
    enum pattern pattern;
};

struct demo_ctx {
    struct store *s;
    struct err_info *ei;
    const struct demo_options *opt;
    struct rng rng;
    /* For what was added after the first steps (when bookings were asked
     * for), so that rng draws what it always drew. */
    struct rng rng2;
    json_t *ref;
    int tw;         /* the week of opt->today */
    int y0, y1;     /* ISO years capacity covers */
    int w0, nweeks; /* weeks the tables cover */
    int64_t region_id;
    int nspecs, gp;     /* gp: index of allmänmedicin */
    int64_t weight_sum; /* of the specialties' weights */
    struct demo_spec specs[DEMO_SPEC_MAX];
    /* Common goals per regulation and group: 0 a, 1 b, 2 BT. */
    int64_t common[DEMO_REG_COUNT][3][DEMO_COMMON_MAX];
    int ncommon[DEMO_REG_COUNT][3];
    int64_t area_ids[4];
    struct demo_site sites[16];
    int nproviders;
    struct demo_provider providers[16];
    int nunits;
    struct demo_unit *units;
    int hsa_next, person_next;
    int ntrainees;
    struct demo_trainee *trainees;
    int nneeds, nevents;
    size_t needs_cap, events_cap;
    struct demo_need *needs;
    struct demo_event *events;
    int64_t demo_trainee;    /* the st-lakare user's trainee */
    int *seats, *occ, *away; /* unit x week */
    unsigned char *pats;     /* unit x week: patterns allowed */
    unsigned char *busy;     /* trainee x week */
};

/* The hospitals of the reference data: town, area and size. */
static const struct {
    const char *name, *label, *city;
    int area, size;
} demo_site_info[] = {
    {"Skånes universitetssjukhus, Lund", "Sus Lund", "Lund", 2, 3},
    {"Skånes universitetssjukhus, Malmö", "Sus Malmö", "Malmö", 3, 3},
    {"Helsingborgs lasarett", "Helsingborgs lasarett", "Helsingborg", 1, 2},
    {"Centralsjukhuset Kristianstad", "CSK Kristianstad", "Kristianstad", 0, 2},
    {"Lasarettet i Ystad", "Ystads lasarett", "Ystad", 2, 1},
    {"Hässleholms sjukhus", "Hässleholms sjukhus", "Hässleholm", 0, 1},
    {"Trelleborgs lasarett", "Trelleborgs lasarett", "Trelleborg", 3, 1},
    {"Ängelholms sjukhus", "Ängelholms sjukhus", "Ängelholm", 1, 1},
    {"Landskrona lasarett", "Landskrona lasarett", "Landskrona", 1, 1},
};
#define DEMO_SITE_COUNT                                                        \
    (int)(sizeof(demo_site_info) / sizeof(demo_site_info[0]))

/* Bits of demo_site_info, for the clinic table. */
#define DEMO_LUND  0x001u
#define DEMO_MALMO 0x002u
#define DEMO_HBG   0x004u
#define DEMO_CSK   0x008u
#define DEMO_YSTAD 0x010u
#define DEMO_HLM   0x020u
#define DEMO_TBG   0x040u
#define DEMO_AHM   0x080u
#define DEMO_LKR   0x100u
#define DEMO_BIG4  (DEMO_LUND | DEMO_MALMO | DEMO_HBG | DEMO_CSK)
#define DEMO_ALL9  0x1ffu

/* The first town of each allmänmedicin area, in the order used here. */
static const char *const demo_area_first[4] = {"Kristianstad", "Helsingborg",
                                               "Lund", "Malmö"};

#define DEMO_X(p) PATTERN_BIT(PATTERN_##p)

/*
 * Hospital clinics: where each specialty has one, the usual seats for
 * rotating trainees, the extra patterns some of them allow, and how often
 * (percent of half-years) a clinic takes no rotating trainees at all.
 */
static const struct {
    const char *code, *name;
    unsigned sites;
    int lo, hi;
    unsigned extra;
    int closed;
} demo_clinics[] = {
    {"obstetrik-och-gynekologi", "Kvinnokliniken", DEMO_BIG4 | DEMO_YSTAD, 1, 3,
     DEMO_X(SPLIT4) | DEMO_X(ALTERNATE), 15},
    {"barn-och-ungdomsmedicin", "Barn- och ungdomsmedicin",
     DEMO_BIG4 | DEMO_YSTAD, 2, 3, DEMO_X(SPLIT4) | DEMO_X(ALTERNATE), 10},
    {"psykiatri", "Vuxenpsykiatri", DEMO_BIG4 | DEMO_TBG | DEMO_LKR | DEMO_HLM,
     1, 2, DEMO_X(HALF) | DEMO_X(SPLIT3), 20},
    {"oron-nas-och-halssjukdomar", "Öron-, näs- och halskliniken", DEMO_BIG4, 1,
     1, 0, 50},
    {"hud-och-konssjukdomar", "Hudkliniken", DEMO_BIG4, 1, 1, 0, 50},
    {"ogonsjukdomar", "Ögonkliniken", DEMO_BIG4 | DEMO_LKR, 1, 1, 0, 50},
    {"anestesi-och-intensivvard", "Anestesi- och intensivvård",
     DEMO_ALL9 & ~DEMO_AHM, 1, 2, 0, 20},
    {"internmedicin", "Medicinkliniken", DEMO_ALL9, 4, 8, DEMO_X(ALTERNATE), 0},
    {"akutsjukvard", "Akutmottagningen", DEMO_ALL9, 2, 4, DEMO_X(ALTERNATE), 0},
    {"geriatrik", "Geriatriska kliniken",
     DEMO_BIG4 | DEMO_HLM | DEMO_TBG | DEMO_AHM, 2, 3, DEMO_X(HALF), 0},
    {"kirurgi", "Kirurgiska kliniken", DEMO_ALL9 & ~(DEMO_AHM | DEMO_LKR), 2, 3,
     0, 0},
    {"radiologi", "Bild och funktion", DEMO_BIG4 | DEMO_YSTAD, 1, 2, 0, 0},
    {"kardiologi", "Hjärtkliniken", DEMO_BIG4, 2, 3, 0, 0},
    {"ortopedi", "Ortopediska kliniken", DEMO_BIG4 | DEMO_HLM | DEMO_TBG, 1, 3,
     0, 0},
    {"barn-och-ungdomspsykiatri", "Barn- och ungdomspsykiatri", DEMO_BIG4, 1, 2,
     0, 0},
    {"urologi", "Urologiska kliniken", DEMO_BIG4, 1, 2, 0, 0},
    {"neurologi", "Neurologiska kliniken", DEMO_BIG4, 1, 2, 0, 0},
    {"infektionssjukdomar", "Infektionskliniken", DEMO_BIG4, 1, 2, 0, 0},
    {"onkologi", "Onkologiska kliniken", DEMO_LUND | DEMO_MALMO | DEMO_CSK, 1,
     1, 0, 0},
    {"lungsjukdomar", "Lung- och allergikliniken", DEMO_LUND | DEMO_MALMO, 1, 2,
     0, 0},
    {"klinisk-fysiologi", "Klinisk fysiologi och nuklearmedicin", DEMO_BIG4, 1,
     2, 0, 0},
    {"rehabiliteringsmedicin", "Rehabiliteringsmedicin", DEMO_LUND | DEMO_HBG,
     1, 1, 0, 0},
    {"handkirurgi", "Handkirurgiska kliniken", DEMO_MALMO, 1, 1, 0, 0},
};

/* Trainees of the bas specialties Skåne's 2018 count does not name. */
static const struct {
    const char *code;
    int weight;
} demo_rest_weights[] = {
    {"barn-och-ungdomsmedicin", 40},
    {"ortopedi", 36},
    {"kardiologi", 26},
    {"barn-och-ungdomspsykiatri", 26},
    {"geriatrik", 22},
    {"neurologi", 20},
    {"onkologi", 20},
    {"ogonsjukdomar", 18},
    {"urologi", 16},
    {"oron-nas-och-halssjukdomar", 16},
    {"infektionssjukdomar", 16},
    {"klinisk-patologi", 16},
    {"hud-och-konssjukdomar", 14},
    {"lungsjukdomar", 12},
    {"endokrinologi-och-diabetologi", 12},
    {"medicinsk-gastroenterologi-och-hepatologi", 12},
    {"hematologi", 12},
    {"njurmedicin", 10},
    {"reumatologi", 10},
    {"rehabiliteringsmedicin", 10},
    {"klinisk-fysiologi", 10},
    {"neurokirurgi", 8},
    {"karlkirurgi", 8},
    {"plastikkirurgi", 8},
    {"klinisk-mikrobiologi", 6},
    {"klinisk-kemi", 6},
    {"thoraxkirurgi", 6},
    {"handkirurgi", 6},
    {"barn-och-ungdomskirurgi", 6},
    {"klinisk-neurofysiologi", 5},
    {"klinisk-immunologi-och-transfusionsmedicin", 5},
    {"klinisk-genetik", 5},
    {"arbets-och-miljomedicin", 4},
    {"klinisk-farmakologi", 4},
    {"rattsmedicin", 4},
    {"socialmedicin", 3},
};

/* How often an allmänmedicin trainee does each typical rotation. */
static const struct {
    const char *code;
    int percent;
} demo_gp_percent[] = {
    {"obstetrik-och-gynekologi", 100},
    {"psykiatri", 100},
    {"barn-och-ungdomsmedicin", 90},
    {"internmedicin", 100},
    {"oron-nas-och-halssjukdomar", 85},
    {"ogonsjukdomar", 80},
    {"hud-och-konssjukdomar", 75},
    {"akutsjukvard", 70},
    {"geriatrik", 60},
    {"ortopedi", 30},
};

/* Rotations of the other specialties: target, weeks, how often. */
static const struct {
    const char *code, *target;
    int wmin, wmax, percent;
} demo_rotations[] = {
    {"internmedicin", "kardiologi", 8, 13, 90},
    {"internmedicin", "akutsjukvard", 4, 8, 70},
    {"internmedicin", "infektionssjukdomar", 4, 8, 50},
    {"internmedicin", "lungsjukdomar", 4, 8, 40},
    {"akutsjukvard", "anestesi-och-intensivvard", 8, 13, 90},
    {"akutsjukvard", "internmedicin", 8, 13, 80},
    {"akutsjukvard", "ortopedi", 4, 8, 60},
    {"akutsjukvard", "barn-och-ungdomsmedicin", 4, 8, 60},
    {"psykiatri", "barn-och-ungdomspsykiatri", 8, 13, 70},
    {"psykiatri", "internmedicin", 8, 13, 60},
    {"psykiatri", "neurologi", 4, 8, 40},
    {"anestesi-och-intensivvard", "internmedicin", 8, 13, 70},
    {"anestesi-och-intensivvard", "kardiologi", 4, 8, 40},
    {"kirurgi", "urologi", 8, 13, 70},
    {"kirurgi", "anestesi-och-intensivvard", 4, 8, 70},
    {"kirurgi", "ortopedi", 4, 8, 40},
    {"radiologi", "klinisk-fysiologi", 8, 13, 70},
    {"radiologi", "internmedicin", 4, 8, 40},
    {"obstetrik-och-gynekologi", "kirurgi", 4, 8, 70},
    {"obstetrik-och-gynekologi", "anestesi-och-intensivvard", 2, 4, 50},
    {"obstetrik-och-gynekologi", "urologi", 2, 4, 40},
    {"barn-och-ungdomsmedicin", "barn-och-ungdomspsykiatri", 4, 8, 70},
    {"barn-och-ungdomsmedicin", "anestesi-och-intensivvard", 4, 8, 60},
    {"ortopedi", "kirurgi", 8, 13, 70},
    {"ortopedi", "anestesi-och-intensivvard", 4, 8, 50},
    {"ortopedi", "handkirurgi", 4, 8, 40},
    {"kardiologi", "internmedicin", 13, 26, 80},
    {"kardiologi", "klinisk-fysiologi", 4, 8, 60},
    {"kardiologi", "anestesi-och-intensivvard", 4, 8, 40},
    {"geriatrik", "internmedicin", 13, 26, 80},
    {"geriatrik", "neurologi", 4, 8, 60},
    {"geriatrik", "psykiatri", 4, 8, 60},
    {"geriatrik", "rehabiliteringsmedicin", 4, 8, 40},
    {"neurologi", "internmedicin", 8, 13, 70},
    {"neurologi", "psykiatri", 4, 8, 50},
    {"neurologi", "klinisk-neurofysiologi", 4, 8, 50},
    {"barn-och-ungdomspsykiatri", "psykiatri", 8, 13, 80},
    {"barn-och-ungdomspsykiatri", "barn-och-ungdomsmedicin", 8, 13, 70},
    {"onkologi", "internmedicin", 8, 13, 70},
    {"onkologi", "kirurgi", 4, 8, 40},
    {"urologi", "kirurgi", 8, 13, 80},
    {"ogonsjukdomar", "neurologi", 2, 4, 40},
    {"oron-nas-och-halssjukdomar", "kirurgi", 4, 8, 50},
    {"oron-nas-och-halssjukdomar", "anestesi-och-intensivvard", 2, 4, 40},
    {"hud-och-konssjukdomar", "infektionssjukdomar", 4, 8, 50},
    {"hud-och-konssjukdomar", "reumatologi", 2, 4, 30},
    {"infektionssjukdomar", "internmedicin", 8, 13, 70},
    {"infektionssjukdomar", "klinisk-mikrobiologi", 4, 8, 50},
    {"neurokirurgi", "neurologi", 8, 13, 70},
    {"karlkirurgi", "kirurgi", 13, 26, 80},
    {"thoraxkirurgi", "kirurgi", 13, 26, 70},
    {"plastikkirurgi", "kirurgi", 8, 13, 70},
    {"handkirurgi", "ortopedi", 8, 13, 70},
    {"barn-och-ungdomskirurgi", "kirurgi", 13, 26, 80},
};

/* The common b goal (index into STb, b) a rotation there also covers. */
static const struct {
    const char *code;
    int stb, b;
} demo_common_b[] = {
    {"psykiatri", 0, 0},
    {"akutsjukvard", 0, 0},
    {"barn-och-ungdomsmedicin", 1, 1},
    {"obstetrik-och-gynekologi", 1, 1},
    {"internmedicin", 1, 2},
    {"geriatrik", 3, 4},
};

/* Private providers (invented names): what they run and where. */
static const struct {
    const char *name, *role;
    int area;
} demo_private[] = {
    {"Hälsopartner Syd AB", "allmanmedicin", -1},
    {"Öresundsläkarna AB", "allmanmedicin", 3},
    {"Nordvästra Skånes Läkarhus AB", "allmanmedicin", 1},
    {"Österlenhälsan AB", "allmanmedicin", 2},
    {"Söderslätts Vårdcentraler AB", "allmanmedicin", 3},
    {"Läkargruppen i Skåne AB", "allmanmedicin", -1},
    {"Göingehälsan AB", "allmanmedicin", 0},
    {"Kullabygdens Husläkare AB", "allmanmedicin", 1},
    {"Lundaläkarna AB", "allmanmedicin", 2},
    {"Psykiatripartner Öresund AB", "psykiatri", -1},
    {"Hudcentrum Syd AB", "hud-och-konssjukdomar", -1},
    {"Ögonläkarna i Skåne AB", "ogonsjukdomar", -1},
    {"ÖNH-specialisterna Syd AB", "oron-nas-och-halssjukdomar", -1},
    {"Gynhälsan Skåne AB", "obstetrik-och-gynekologi", -1},
};
#define DEMO_PRIVATE_COUNT (int)(sizeof(demo_private) / sizeof(demo_private[0]))

/* Towns and districts with a primary-care centre, per area. */
/* clang-format off */
static const char *const demo_towns_kh[] = {
    "Kristianstad Centrum", "Gamlegården", "Näsby", "Vilan", "Åhus", "Tollarp",
    "Degeberga", "Fjälkinge", "Arkelstorp", "Everöd", "Hässleholm Centrum",
    "Hässleholm Norra", "Tyringe", "Vinslöv", "Sösdala", "Bjärnum", "Vittsjö",
    "Osby", "Lönsboda", "Broby", "Glimåkra", "Knislinge", "Bromölla", "Näsum",
    NULL,
};
static const char *const demo_towns_ha[] = {
    "Helsingborg Centrum", "Närlunda", "Drottninghög", "Dalhem", "Råå",
    "Påarp", "Ödåkra", "Mariastaden", "Olympia", "Berga", "Rydebäck",
    "Ängelholm", "Munka-Ljungby", "Vejbystrand", "Höganäs", "Viken",
    "Jonstorp", "Båstad", "Förslöv", "Klippan", "Ljungbyhed", "Åstorp", "Bjuv",
    "Billesholm", "Örkelljunga", "Landskrona Centrum", "Karlslund", "Svalöv",
    "Teckomatorp", "Perstorp", NULL,
};
static const char *const demo_towns_ly[] = {
    "Lund Centrum", "Lund Norr", "Linero", "Väster Lund", "Gunnesbo",
    "Södra Sandby", "Dalby", "Veberöd", "Genarp", "Staffanstorp", "Hjärup",
    "Lomma", "Bjärred", "Kävlinge", "Löddeköpinge", "Furulund", "Eslöv",
    "Höör", "Hörby", "Sjöbo", "Ystad", "Skurup", "Rydsgård", "Tomelilla",
    "Simrishamn", "Kivik", "Löderup", "Skillinge", NULL,
};
static const char *const demo_towns_mt[] = {
    "Limhamn", "Västra Hamnen", "Värnhem", "Möllevången", "Rosengård", "Husie",
    "Oxie", "Lindängen", "Hyllie", "Kirseberg", "Fosie", "Slottsstaden",
    "Södervärn", "Triangeln", "Bunkeflostrand", "Kroksbäck", "Holma",
    "Ribersborg", "Lorensborg", "Jägersro", "Tygelsjö", "Arlöv", "Åkarp",
    "Vellinge", "Höllviken", "Skanör-Falsterbo", "Svedala", "Bara",
    "Trelleborg Centrum", "Trelleborg Söder", "Anderslöv", "Klagstorp", NULL,
};
/* clang-format on */
static const char *const *const demo_towns[4] = {demo_towns_kh, demo_towns_ha,
                                                 demo_towns_ly, demo_towns_mt};

/* Short names for the table below. */
#define DEMO_PSYK "psykiatri"
#define DEMO_HUD  "hud-och-konssjukdomar"
#define DEMO_OGON "ogonsjukdomar"
#define DEMO_ONH  "oron-nas-och-halssjukdomar"
#define DEMO_GYN  "obstetrik-och-gynekologi"
#define DEMO_BARN "barn-och-ungdomsmedicin"
#define DEMO_PC   UNIT_PRIVATE_CLINIC
#define DEMO_TN   UNIT_TRAINING_NODE
#define DEMO_FH   (PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF))
#define DEMO_F    PATTERN_BIT(PATTERN_FULL)
#define DEMO_S3   PATTERN_BIT(PATTERN_SPLIT3)

/* Private specialist clinics and training nodes. */
static const struct {
    const char *code, *name;
    int area;
    enum unit_kind kind;
    int lo, hi;
    unsigned patterns;
    int from_years; /* years back their capacity starts */
} demo_outside[] = {
    {DEMO_PSYK, "Psykiatrimottagningen Malmö", 3, DEMO_PC, 2, 3, DEMO_FH, 6},
    {DEMO_PSYK, "Psykiatrimottagningen Lund", 2, DEMO_PC, 1, 2, DEMO_FH, 6},
    {DEMO_PSYK, "Psykiatrimottagningen Helsingborg", 1, DEMO_PC, 1, 2, DEMO_FH,
     4},
    {DEMO_PSYK, "Psykiatrimottagningen Kristianstad", 0, DEMO_PC, 1, 2, DEMO_FH,
     3},
    {DEMO_HUD, "Hudmottagningen Malmö", 3, DEMO_PC, 1, 1, DEMO_F, 6},
    {DEMO_HUD, "Hudmottagningen Helsingborg", 1, DEMO_PC, 1, 1, DEMO_F, 4},
    {DEMO_HUD, "Hudmottagningen Lund", 2, DEMO_PC, 1, 1, DEMO_F, 3},
    {DEMO_OGON, "Ögonmottagningen Malmö", 3, DEMO_PC, 1, 1, DEMO_F, 6},
    {DEMO_OGON, "Ögonmottagningen Lund", 2, DEMO_PC, 1, 1, DEMO_F, 4},
    {DEMO_OGON, "Ögonmottagningen Kristianstad", 0, DEMO_PC, 1, 1, DEMO_F, 2},
    {DEMO_ONH, "Öron-näsa-halsmottagningen Malmö", 3, DEMO_PC, 1, 1, DEMO_F, 5},
    {DEMO_ONH, "Öron-näsa-halsmottagningen Helsingborg", 1, DEMO_PC, 1, 1,
     DEMO_F, 3},
    {DEMO_GYN, "Gynekologmottagningen Malmö", 3, DEMO_PC, 1, 1, DEMO_F, 6},
    {DEMO_GYN, "Gynekologmottagningen Lund", 2, DEMO_PC, 1, 1, DEMO_F, 4},
    {DEMO_GYN, "Gynekologmottagningen Helsingborg", 1, DEMO_PC, 1, 1, DEMO_F,
     3},
    {DEMO_GYN, "Gynekologmottagningen Ystad", 2, DEMO_PC, 1, 1, DEMO_F, 2},
    {DEMO_GYN, "Utbildningsnod gynekologi Malmö", 3, DEMO_TN, 2, 3, DEMO_S3, 1},
    {DEMO_GYN, "Utbildningsnod gynekologi Kristianstad", 0, DEMO_TN, 1, 2,
     DEMO_S3, 1},
    {DEMO_PSYK, "Utbildningsnod psykiatri Lund", 2, DEMO_TN, 2, 3, DEMO_S3, 2},
    {DEMO_PSYK, "Utbildningsnod psykiatri Helsingborg", 1, DEMO_TN, 1, 2,
     DEMO_S3, 1},
    {DEMO_BARN, "Utbildningsnod barn Malmö", 3, DEMO_TN, 1, 2, DEMO_S3, 1},
    {DEMO_BARN, "Utbildningsnod barn Hässleholm", 0, DEMO_TN, 1, 2, DEMO_S3, 1},
};

/* Common Swedish first and last names (with some of Skåne's newer ones). */
static const char *const demo_first_names[] = {
    "Anna",    "Maria",     "Karin",     "Sara",     "Emma",  "Elin",
    "Johanna", "Sofia",     "Linnea",    "Hanna",    "Ida",   "Frida",
    "Amanda",  "Matilda",   "Lina",      "Klara",    "Ebba",  "Maja",
    "Julia",   "Fatima",    "Sanna",     "Åsa",      "Malin", "Cecilia",
    "Jenny",   "Helena",    "Lovisa",    "Tove",     "Elsa",  "Leyla",
    "Erik",    "Johan",     "Anders",    "Lars",     "Karl",  "Per",
    "Mikael",  "Fredrik",   "Daniel",    "Andreas",  "Jonas", "Magnus",
    "Oskar",   "Gustav",    "Viktor",    "Filip",    "Axel",  "Emil",
    "Henrik",  "David",     "Ahmad",     "Mohammed", "Ali",   "Omar",
    "Niklas",  "Martin",    "Simon",     "Jakob",    "Björn", "Måns",
    "Olle",    "Sebastian", "Alexander", "Amir",     "Nora",  "Zeynep",
};
static const char *const demo_last_names[] = {
    "Andersson",  "Johansson",  "Karlsson",   "Nilsson",     "Eriksson",
    "Larsson",    "Olsson",     "Persson",    "Svensson",    "Gustafsson",
    "Pettersson", "Jönsson",    "Hansson",    "Bengtsson",   "Lindberg",
    "Jakobsson",  "Magnusson",  "Olofsson",   "Lindström",   "Lindqvist",
    "Lindgren",   "Berg",       "Axelsson",   "Bergström",   "Lundberg",
    "Lundgren",   "Mattsson",   "Berglund",   "Fredriksson", "Sandberg",
    "Henriksson", "Forsberg",   "Sjöberg",    "Wallin",      "Engström",
    "Eklund",     "Danielsson", "Lundin",     "Håkansson",   "Björk",
    "Bergman",    "Holm",       "Samuelsson", "Isaksson",    "Fransson",
    "Nyström",    "Holmberg",   "Arvidsson",  "Löfgren",     "Söderberg",
    "Nyberg",     "Blomqvist",  "Claesson",   "Mårtensson",  "Månsson",
    "Ohlsson",    "Jeppsson",   "Åberg",      "Ali",         "Hassan",
    "Ahmed",      "Hosseini",   "Yilmaz",     "Nguyen",
};
#define DEMO_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Records that the reference data lacks or misspells what. */
static int demo_bad_ref(struct demo_ctx *c, const char *what)
{
    return err_set(c->ei, ERR_INVAL, "reference",
                   "reference data: missing or malformed %s", what);
}

/* Copies string member key of obj into out; returns 0 if absent or long. */
static int demo_json_copy(json_t *obj, const char *key, char *out, size_t cap)
{
    const char *v = json_string_value(json_object_get(obj, key));
    if (!v || strlen(v) >= cap)
        return 0;
    memcpy(out, v, strlen(v) + 1);
    return 1;
}

/* The index of the specialty with code, or -1. */
static int demo_spec_find(const struct demo_ctx *c, const char *code)
{
    for (int i = 0; i < c->nspecs; i++)
        if (strcmp(c->specs[i].code, code) == 0)
            return i;
    return -1;
}

/* The index of the specialty named name (Swedish), or -1. */
static int demo_spec_by_name(const struct demo_ctx *c, const char *name)
{
    for (int i = 0; i < c->nspecs; i++)
        if (strcmp(c->specs[i].name, name) == 0)
            return i;
    return -1;
}

/* Parses the embedded reference data into c->ref. */
static int demo_reference_load(struct demo_ctx *c)
{
    for (size_t i = 0; i < demo_reference_count; i++) {
        const struct embed_file *f = &demo_reference[i];
        if (strcmp(f->name, "reference-data.json") != 0)
            continue;
        json_error_t jerr;
        c->ref = json_loadb((const char *)f->data, f->len, 0, &jerr);
        if (!c->ref)
            return err_set(c->ei, ERR_INVAL, "reference",
                           "reference data, line %d: %s", jerr.line, jerr.text);
        return 0;
    }
    return err_set(c->ei, ERR_NOTFOUND, "reference",
                   "reference-data.json is not embedded in the binary");
}

/* Reads one specialty of the reference data into c->specs. */
static int demo_spec_read(struct demo_ctx *c, json_t *js)
{
    if (c->nspecs == DEMO_SPEC_MAX)
        return err_set(c->ei, ERR_TOOBIG, "reference",
                       "more than %d specialties", DEMO_SPEC_MAX);
    struct demo_spec *sp = &c->specs[c->nspecs];
    const char *kind = json_string_value(json_object_get(js, "kind"));
    if (!demo_json_copy(js, "id", sp->code, sizeof sp->code) ||
        !demo_json_copy(js, "name_sv", sp->name, sizeof sp->name) ||
        !demo_json_copy(js, "name_en", sp->name_en, sizeof sp->name_en) ||
        !kind)
        return demo_bad_ref(c, "specialty");
    if (!demo_json_copy(js, "parent", sp->parent, sizeof sp->parent))
        sp->parent[0] = '\0';
    if (strcmp(kind, "bas") == 0)
        sp->kind = SPECIALTY_BAS;
    else if (strcmp(kind, "gren") == 0)
        sp->kind = SPECIALTY_GREN;
    else if (strcmp(kind, "tillägg") == 0 || strcmp(kind, "tillagg") == 0)
        sp->kind = SPECIALTY_TILLAGG;
    else
        return demo_bad_ref(c, "specialty kind");
    sp->visitor = -1;
    c->nspecs++;
    return 0;
}

/* Reads the specialties of the reference data. */
static int demo_specialties_read(struct demo_ctx *c)
{
    json_t *arr = json_object_get(c->ref, "specialties");
    size_t i;
    json_t *js;
    int rc;
    if (!json_is_array(arr))
        return demo_bad_ref(c, "specialties");
    json_array_foreach(arr, i, js)
    {
        if ((rc = demo_spec_read(c, js)))
            return rc;
    }
    c->gp = demo_spec_find(c, "allmanmedicin");
    if (c->gp < 0)
        return demo_bad_ref(c, "specialty allmanmedicin");
    return 0;
}

/* Writes one specialty whose parent, if any, is written already. */
static int demo_spec_insert(struct demo_ctx *c, struct demo_spec *sp,
                            int64_t parent_id)
{
    struct specialty row = {0};
    snprintf(row.code, sizeof row.code, "%s", sp->code);
    snprintf(row.name_sv, sizeof row.name_sv, "%s", sp->name);
    snprintf(row.name_en, sizeof row.name_en, "%s", sp->name_en);
    row.kind = sp->kind;
    row.parent_id = parent_id;
    int rc = store_specialty_insert(c->s, &row, c->ei);
    sp->id = row.id;
    return rc;
}

/* Writes the specialties, each parent (named by its Swedish name) first. */
static int demo_specialties_insert(struct demo_ctx *c)
{
    for (int done = 0; done < c->nspecs;) {
        int progress = 0;
        for (int i = 0; i < c->nspecs; i++) {
            struct demo_spec *sp = &c->specs[i];
            int p = sp->parent[0] ? demo_spec_by_name(c, sp->parent) : -1;
            if (sp->id || (p >= 0 && !c->specs[p].id))
                continue;
            if (sp->parent[0] && p < 0)
                return err_set(c->ei, ERR_INVAL, "parent",
                               "reference data: %s has unknown parent %s",
                               sp->code, sp->parent);
            int rc = demo_spec_insert(c, sp, p >= 0 ? c->specs[p].id : 0);
            if (rc)
                return rc;
            done++;
            progress = 1;
        }
        if (!progress)
            return err_set(c->ei, ERR_INVAL, "parent",
                           "reference data: specialty parents form a cycle");
    }
    return 0;
}

/* Writes one goal and returns its id in *id. */
static int demo_goal_insert(struct demo_ctx *c, enum regulation reg,
                            int64_t spec_id, const char *code,
                            const char *title, enum confidence confidence,
                            int64_t *id)
{
    struct goal g = {0};
    g.regulation = reg;
    g.specialty_id = spec_id;
    g.confidence = confidence;
    snprintf(g.code, sizeof g.code, "%s", code);
    snprintf(g.title, sizeof g.title, "%s", title);
    int rc = store_goal_insert(c->s, &g, c->ei);
    *id = g.id;
    return rc;
}

/* Writes the common goals of one group ("STa", "b", "BT", ...) of a
 * regulation, each as certain as the reference data says it is. */
static int demo_goals_common_group(struct demo_ctx *c, enum regulation reg,
                                   const char *key, const char *group, int g)
{
    json_t *cd = json_object_get(c->ref, "common_delmal");
    json_t *arr = json_object_get(json_object_get(cd, key), group);
    size_t i;
    json_t *js;
    if (!json_is_array(arr))
        return demo_bad_ref(c, "common_delmal");
    json_array_foreach(arr, i, js)
    {
        char code[STORE_CODE_MAX], title[STORE_TITLE_MAX], conf[16];
        int confidence = CONFIDENCE_UNCERTAIN;
        if (c->ncommon[reg][g] == DEMO_COMMON_MAX ||
            !demo_json_copy(js, "code", code, sizeof code) ||
            !demo_json_copy(js, "title_sv", title, sizeof title))
            return demo_bad_ref(c, "common goal");
        if (demo_json_copy(js, "confidence", conf, sizeof conf))
            vocab_parse(&vocab_confidence, conf, &confidence);
        int rc = demo_goal_insert(c, reg, 0, code, title,
                                  (enum confidence)confidence,
                                  &c->common[reg][g][c->ncommon[reg][g]]);
        if (rc)
            return rc;
        c->ncommon[reg][g]++;
    }
    return 0;
}

/* Writes the numbered specialty-specific goals of one specialty. */
static int demo_goals_specific(struct demo_ctx *c, int si, enum regulation reg)
{
    static const char *const prefix[DEMO_REG_COUNT] = {"", "c", "STc"};
    struct demo_spec *sp = &c->specs[si];
    int n = reg == REGULATION_2008 ? rng_between(&c->rng, 8, 14)
                                   : rng_between(&c->rng, 8, DEMO_GOAL_MAX);
    /* SFOG: the obstetrics målbeskrivning has 12 specialty goals. */
    if (strcmp(sp->code, "obstetrik-och-gynekologi") == 0 &&
        reg != REGULATION_2008)
        n = 12;
    for (int k = 0; k < n; k++) {
        char code[STORE_CODE_MAX], title[STORE_TITLE_MAX];
        snprintf(code, sizeof code, "%s%d", prefix[reg], k + 1);
        if (reg == REGULATION_2008)
            snprintf(title, sizeof title, "Delmål %d", k + 1);
        else
            snprintf(title, sizeof title, "Specialitetsspecifikt delmål %s",
                     code);
        /* Numbered example goals: no source gives their titles. */
        int rc = demo_goal_insert(c, reg, sp->id, code, title,
                                  CONFIDENCE_UNCERTAIN, &sp->goals[reg][k]);
        if (rc)
            return rc;
    }
    sp->ngoals[reg] = n;
    return 0;
}

/*
 * Writes which common b goals apply to each specialty. The subset varies
 * per specialty and no source lists it (reference-data.json, STb_note), so
 * this is example data: allmänmedicin has every b goal, as its rotations
 * cover them; every other specialty lacks one or none of them, by turn.
 */
static int demo_specialty_goals(struct demo_ctx *c)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < c->nspecs; i++) {
        int64_t ids[2 * DEMO_COMMON_MAX];
        int n = 0;
        for (int reg = REGULATION_2015; reg <= REGULATION_2021; reg++) {
            int nb = c->ncommon[reg][1];
            int drop = i == c->gp || nb == 0 ? -1 : (i % (nb + 1)) - 1;
            for (int k = 0; k < nb; k++)
                if (k != drop)
                    ids[n++] = c->common[reg][1][k];
        }
        rc = store_specialty_goals_set(c->s, c->specs[i].id, ids, n, c->ei);
    }
    return rc;
}

/* Writes the goals of all three regulations. */
static int demo_goals_insert(struct demo_ctx *c)
{
    int rc;
    if ((rc = demo_goals_common_group(c, REGULATION_2021, "HSLF-FS 2021:8",
                                      "STa", 0)) ||
        (rc = demo_goals_common_group(c, REGULATION_2021, "HSLF-FS 2021:8",
                                      "STb", 1)) ||
        (rc = demo_goals_common_group(c, REGULATION_2021, "HSLF-FS 2021:8",
                                      "BT", 2)) ||
        (rc = demo_goals_common_group(c, REGULATION_2015, "SOSFS 2015:8", "a",
                                      0)) ||
        (rc = demo_goals_common_group(c, REGULATION_2015, "SOSFS 2015:8", "b",
                                      1)))
        return rc;
    for (int i = 0; i < c->nspecs; i++)
        for (int reg = REGULATION_2008; reg <= REGULATION_2021; reg++)
            if ((rc = demo_goals_specific(c, i, (enum regulation)reg)))
                return rc;
    return demo_specialty_goals(c);
}

/* Writes the region. */
static int demo_region_insert(struct demo_ctx *c)
{
    struct region r = {0};
    snprintf(r.code, sizeof r.code, "skane");
    snprintf(r.name, sizeof r.name, "Region Skåne");
    int rc = store_region_insert(c->s, &r, c->ei);
    c->region_id = r.id;
    return rc;
}

/* Makes an unused "556NNN-NNNN" org nr with a valid Luhn check digit. */
static void demo_orgnr_make(struct demo_ctx *c, char *out, char *digits)
{
    for (;;) {
        int d[10] = {5, 5, 6}, sum = 0, taken = 0;
        for (int i = 3; i < 9; i++)
            d[i] = (int)rng_below(&c->rng, 10);
        for (int i = 0; i < 9; i++) {
            int v = d[i] * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }
        d[9] = (10 - sum % 10) % 10;
        for (int i = 0; i < 10; i++)
            digits[i] = (char)('0' + d[i]);
        digits[10] = '\0';
        for (int p = 0; p < c->nproviders; p++)
            taken |= strcmp(c->providers[p].digits, digits) == 0;
        if (!taken)
            break;
    }
    snprintf(out, STORE_ORGNR_MAX, "%.6s-%.4s", digits, digits + 6);
}

/* Writes one provider and appends it to c->providers. */
static int demo_provider_insert(struct demo_ctx *c, const char *name,
                                const char *orgnr, enum provider_kind kind,
                                const char *role, int area)
{
    struct provider p = {0};
    struct demo_provider *dp = &c->providers[c->nproviders];
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.org_nr, sizeof p.org_nr, "%s", orgnr);
    p.kind = kind;
    int rc = store_provider_insert(c->s, &p, c->ei);
    dp->id = p.id;
    snprintf(dp->digits, sizeof dp->digits, "%.6s%.4s", orgnr, orgnr + 7);
    dp->role = role;
    dp->area = area;
    c->nproviders++;
    return rc;
}

/* Writes Region Skåne as the public provider and the private ones. */
static int demo_providers_insert(struct demo_ctx *c)
{
    int rc = demo_provider_insert(c, "Region Skåne", DEMO_REGION_ORGNR,
                                  PROVIDER_PUBLIC, NULL, -1);
    for (int i = 0; !rc && i < DEMO_PRIVATE_COUNT; i++) {
        char orgnr[STORE_ORGNR_MAX], digits[11];
        demo_orgnr_make(c, orgnr, digits);
        rc = demo_provider_insert(c, demo_private[i].name, orgnr,
                                  PROVIDER_PRIVATE, demo_private[i].role,
                                  demo_private[i].area);
    }
    return rc;
}

/* Writes the four allmänmedicin areas of the reference data. */
static int demo_areas_insert(struct demo_ctx *c)
{
    json_t *arr = json_object_get(json_object_get(c->ref, "region_skane"),
                                  "st_allmanmedicin_areas");
    if (json_array_size(arr) != 4)
        return demo_bad_ref(c, "st_allmanmedicin_areas");
    for (int i = 0; i < 4; i++) {
        const char *name = json_string_value(json_array_get(arr, (size_t)i));
        size_t n = strlen(demo_area_first[i]);
        if (!name || strncmp(name, demo_area_first[i], n) != 0)
            return demo_bad_ref(c, "allmänmedicin area");
        struct area a = {0};
        a.region_id = c->region_id;
        snprintf(a.name, sizeof a.name, "%s", name);
        int rc = store_area_insert(c->s, &a, c->ei);
        if (rc)
            return rc;
        c->area_ids[i] = a.id;
    }
    return 0;
}

/* Writes the hospital sites of the reference data, with town and area. */
static int demo_sites_insert(struct demo_ctx *c)
{
    json_t *arr =
        json_object_get(json_object_get(c->ref, "region_skane"), "sites");
    size_t i;
    json_t *js;
    if (!json_is_array(arr))
        return demo_bad_ref(c, "region_skane.sites");
    json_array_foreach(arr, i, js)
    {
        const char *name = json_string_value(json_object_get(js, "name"));
        int k = 0;
        while (k < DEMO_SITE_COUNT &&
               (!name || strcmp(name, demo_site_info[k].name) != 0))
            k++;
        if (k == DEMO_SITE_COUNT)
            return demo_bad_ref(c, "site (a hospital with no known town)");
        struct site st = {0};
        st.region_id = c->region_id;
        snprintf(st.name, sizeof st.name, "%s", name);
        snprintf(st.city, sizeof st.city, "%s", demo_site_info[k].city);
        int rc = store_site_insert(c->s, &st, c->ei);
        if (rc)
            return rc;
        c->sites[k].id = st.id;
        c->sites[k].area = demo_site_info[k].area;
        c->sites[k].size = demo_site_info[k].size;
    }
    return 0;
}

/* Adds the Skåne 2018 counts of the reference data to the weights. */
static int demo_weights_counted(struct demo_ctx *c, int64_t *total,
                                int64_t *counted)
{
    json_t *counts = json_object_get(json_object_get(c->ref, "region_skane"),
                                     "st_counts_2018_03_31");
    const char *key;
    json_t *v;
    *total = json_integer_value(json_object_get(counts, "total"));
    if (*total <= 0)
        return demo_bad_ref(c, "st_counts_2018_03_31.total");
    json_object_foreach(counts, key, v)
    {
        char code[STORE_CODE_MAX];
        if (!json_is_integer(v) || strcmp(key, "total") == 0 ||
            strcmp(key, "private_providers") == 0)
            continue;
        snprintf(code, sizeof code, "%s", key);
        for (char *p = code; *p; p++)
            if (*p == '_')
                *p = '-';
        int i = demo_spec_find(c, code);
        if (i < 0)
            return demo_bad_ref(c, "specialty in st_counts_2018_03_31");
        c->specs[i].weight = json_integer_value(v);
        *counted += json_integer_value(v);
    }
    return 0;
}

/*
 * Sets each specialty's weight so that weight / (total * sum of the rest
 * weights) is its share: counted specialties as Skåne counted them, the
 * remaining trainees spread over the other bas specialties.
 */
static int demo_weights(struct demo_ctx *c)
{
    int64_t total = 0, counted = 0, rest_sum = 0;
    int rc = demo_weights_counted(c, &total, &counted);
    if (rc)
        return rc;
    for (size_t k = 0; k < DEMO_LEN(demo_rest_weights); k++) {
        int i = demo_spec_find(c, demo_rest_weights[k].code);
        if (i >= 0 && c->specs[i].weight == 0)
            rest_sum += demo_rest_weights[k].weight;
    }
    for (int i = 0; i < c->nspecs; i++)
        c->specs[i].weight *= rest_sum > 0 ? rest_sum : 1;
    for (size_t k = 0; k < DEMO_LEN(demo_rest_weights); k++) {
        int i = demo_spec_find(c, demo_rest_weights[k].code);
        if (i >= 0 && c->specs[i].weight == 0 && total > counted)
            c->specs[i].weight =
                demo_rest_weights[k].weight * (total - counted);
    }
    for (int i = 0; i < c->nspecs; i++)
        c->weight_sum += c->specs[i].weight;
    if (c->weight_sum <= 0)
        return demo_bad_ref(c, "st_counts_2018_03_31");
    return 0;
}

/* Appends a unit to the in-memory list; it is written later. */
static struct demo_unit *demo_unit_add(struct demo_ctx *c, int spec,
                                       enum unit_kind kind, int provider,
                                       int site, int area)
{
    if (c->nunits == DEMO_UNIT_MAX)
        abort(); /* the tables below hold far fewer */
    struct demo_unit *u = &c->units[c->nunits++];
    u->spec = spec;
    u->kind = kind;
    u->provider = provider;
    u->site = site;
    u->area = area;
    u->size = site >= 0 ? c->sites[site].size : 1;
    u->patterns = PATTERN_BIT(PATTERN_FULL);
    u->cap_year = c->y0;
    u->max_away = STORE_NONE;
    return u;
}

/* Seats between lo and hi, more at bigger sites. */
static int demo_seats_for(struct demo_ctx *c, int lo, int hi, int size)
{
    int base = lo + (hi - lo) * (size - 1) / 2 + (int)rng_below(&c->rng, 2);
    return base > hi ? hi : base;
}

/* Plans the hospital clinics of the clinic table at their sites. */
static void demo_units_hospital(struct demo_ctx *c)
{
    for (size_t k = 0; k < DEMO_LEN(demo_clinics); k++) {
        int spec = demo_spec_find(c, demo_clinics[k].code);
        for (int s = 0; spec >= 0 && s < DEMO_SITE_COUNT; s++) {
            if (!(demo_clinics[k].sites & (1u << s)) || !c->sites[s].id)
                continue;
            struct demo_unit *u = demo_unit_add(c, spec, UNIT_HOSPITAL_CLINIC,
                                                0, s, c->sites[s].area);
            snprintf(u->name, sizeof u->name, "%s, %s", demo_clinics[k].name,
                     demo_site_info[s].label);
            u->base = demo_seats_for(c, demo_clinics[k].lo, demo_clinics[k].hi,
                                     u->size);
            u->closed = demo_clinics[k].closed;
            for (int p = 0; p < PATTERN_COUNT; p++)
                if ((demo_clinics[k].extra & PATTERN_BIT(p)) &&
                    rng_percent(&c->rng, 40))
                    u->patterns |= PATTERN_BIT(p);
        }
    }
}

/* Returns 1 if some planned unit has specialty spec. */
static int demo_spec_has_unit(const struct demo_ctx *c, int spec)
{
    for (int i = 0; i < c->nunits; i++)
        if (c->units[i].spec == spec)
            return 1;
    return 0;
}

/* Plans home clinics at Sus for trainee specialties with no clinic yet. */
static void demo_units_generic(struct demo_ctx *c)
{
    for (int i = 0; i < c->nspecs; i++) {
        struct demo_spec *sp = &c->specs[i];
        if (i == c->gp || sp->weight == 0 || demo_spec_has_unit(c, i))
            continue;
        /* A second clinic where more than about 8 of 1,378 train. */
        int nsites = sp->weight * 1378 > 8 * c->weight_sum ? 2 : 1;
        for (int s = 0; s < nsites; s++) {
            int site = s;
            while (site < DEMO_SITE_COUNT && !c->sites[site].id)
                site++;
            if (site == DEMO_SITE_COUNT)
                break;
            struct demo_unit *u = demo_unit_add(c, i, UNIT_HOSPITAL_CLINIC, 0,
                                                site, c->sites[site].area);
            snprintf(u->name, sizeof u->name, "%.150s, %s", sp->name,
                     demo_site_info[site].label);
            u->base = 1;
        }
    }
}

/* Picks a private provider whose role is code and who works in area. */
static int demo_private_provider(struct demo_ctx *c, const char *code, int area)
{
    int cand[16], n = 0;
    for (int p = 0; p < c->nproviders; p++)
        if (c->providers[p].role && strcmp(c->providers[p].role, code) == 0 &&
            (c->providers[p].area < 0 || c->providers[p].area == area))
            cand[n++] = p;
    return n ? cand[rng_below(&c->rng, (uint32_t)n)] : 0;
}

/* Plans the primary-care centres of every area, about 45 % private. */
static void demo_units_primary_care(struct demo_ctx *c)
{
    for (int a = 0; a < 4; a++) {
        for (const char *const *t = demo_towns[a]; *t; t++) {
            int provider = 0;
            if (rng_percent(&c->rng, 45))
                provider = demo_private_provider(c, "allmanmedicin", a);
            struct demo_unit *u =
                demo_unit_add(c, c->gp, UNIT_PRIMARY_CARE, provider, -1, a);
            snprintf(u->name, sizeof u->name, "Vårdcentralen %s", *t);
            /* Skåne 2018: 108 of 1,378 trainees worked for private
             * providers, so private centres host fewer ST posts. */
            u->size = rng_between(&c->rng, 1, provider ? 2 : 4);
            u->cap_year = 0; /* takes no rotating trainees */
        }
    }
}

/* Plans the private specialist clinics and the training nodes. */
static void demo_units_outside(struct demo_ctx *c)
{
    for (size_t k = 0; k < DEMO_LEN(demo_outside); k++) {
        int spec = demo_spec_find(c, demo_outside[k].code);
        if (spec < 0)
            continue;
        int provider = demo_outside[k].kind == UNIT_PRIVATE_CLINIC ||
                               rng_percent(&c->rng, 50)
                           ? demo_private_provider(c, demo_outside[k].code,
                                                   demo_outside[k].area)
                           : 0;
        struct demo_unit *u = demo_unit_add(c, spec, demo_outside[k].kind,
                                            provider, -1, demo_outside[k].area);
        snprintf(u->name, sizeof u->name, "%s", demo_outside[k].name);
        u->base = rng_between(&c->rng, demo_outside[k].lo, demo_outside[k].hi);
        u->patterns = demo_outside[k].patterns;
        u->cap_year = c->y1 - DEMO_AHEAD_YEARS - demo_outside[k].from_years;
        if (u->cap_year < c->y0)
            u->cap_year = c->y0;
    }
}

/* Plans every unit of the region (written after homes are given out). */
static int demo_units_plan(struct demo_ctx *c)
{
    int rc = demo_weights(c);
    if (rc)
        return rc;
    c->units = xcalloc(DEMO_UNIT_MAX, sizeof(*c->units));
    demo_units_hospital(c);
    demo_units_generic(c);
    demo_units_outside(c);
    demo_units_primary_care(c);
    if (!demo_spec_has_unit(c, c->gp))
        return demo_bad_ref(c, "allmänmedicin areas");
    return 0;
}

/* Splits n trainees over the specialties by weight (largest remainder). */
static void demo_shares(const struct demo_ctx *c, int n, int *count)
{
    int64_t sum = c->weight_sum;
    int given = 0;
    int64_t rem[DEMO_SPEC_MAX];
    for (int i = 0; i < c->nspecs; i++) {
        count[i] = (int)(n * c->specs[i].weight / sum);
        rem[i] = n * c->specs[i].weight % sum;
        given += count[i];
    }
    for (; given < n; given++) {
        int best = 0;
        for (int i = 1; i < c->nspecs; i++)
            if (rem[i] > rem[best])
                best = i;
        count[best]++;
        rem[best] = -1;
    }
}

/* Picks a unit of specialty spec and kind, weighted by unit size. */
static int demo_home_pick(struct demo_ctx *c, int spec)
{
    int sum = 0;
    enum unit_kind kind =
        spec == c->gp ? UNIT_PRIMARY_CARE : UNIT_HOSPITAL_CLINIC;
    for (int i = 0; i < c->nunits; i++)
        if (c->units[i].spec == spec && c->units[i].kind == kind)
            sum += c->units[i].size;
    if (sum == 0)
        return -1;
    int r = (int)rng_below(&c->rng, (uint32_t)sum);
    for (int i = 0; i < c->nunits; i++) {
        if (c->units[i].spec != spec || c->units[i].kind != kind)
            continue;
        r -= c->units[i].size;
        if (r < 0)
            return i;
    }
    return -1;
}

/* Gives each trainee a specialty (shuffled) and a home unit. */
static int demo_trainees_plan(struct demo_ctx *c)
{
    int count[DEMO_SPEC_MAX];
    demo_shares(c, c->ntrainees, count);
    c->trainees = xcalloc((size_t)c->ntrainees, sizeof(*c->trainees));
    for (int i = 0, t = 0; i < c->nspecs; i++)
        for (int k = 0; k < count[i]; k++)
            c->trainees[t++].spec = i;
    for (int t = c->ntrainees - 1; t > 0; t--) {
        int j = (int)rng_below(&c->rng, (uint32_t)t + 1);
        int tmp = c->trainees[t].spec;
        c->trainees[t].spec = c->trainees[j].spec;
        c->trainees[j].spec = tmp;
    }
    for (int t = 0; t < c->ntrainees; t++) {
        int home = demo_home_pick(c, c->trainees[t].spec);
        if (home < 0)
            return err_set(c->ei, ERR_INVAL, "specialty", "no home unit for %s",
                           c->specs[c->trainees[t].spec].code);
        c->trainees[t].home = home;
        c->units[home].ntrainees++;
    }
    return 0;
}

/* Whether trainees of spec rotate to target: allmänmedicin to the
 * specialties of its typical rotations, others by demo_rotations. */
static int demo_rotates_to(const struct demo_ctx *c, int spec, int target)
{
    if (spec == c->gp)
        return c->specs[target].gp_percent > 0;
    for (size_t k = 0; k < DEMO_LEN(demo_rotations); k++)
        if (strcmp(demo_rotations[k].code, c->specs[spec].code) == 0 &&
            strcmp(demo_rotations[k].target, c->specs[target].code) == 0)
            return 1;
    return 0;
}

/*
 * Fills out with the goals of spec (regulation reg) a rotation to target
 * covers: a fixed slice, so that a need and the unit agree, and a slice of
 * its own for each specialty spec rotates to, as far as spec has goals
 * enough, so that goal matching (a unit that covers all of a need's goals
 * may take it) does not send a rotation to an unrelated specialty.
 */
static int demo_goal_slice(const struct demo_ctx *c, int spec, int target,
                           enum regulation reg, int64_t *out)
{
    const struct demo_spec *sp = &c->specs[spec];
    int n = sp->ngoals[reg], count = 0, rank = 0;
    for (int j = 0; j < c->nspecs; j++)
        if (demo_rotates_to(c, spec, j)) {
            rank += j < target;
            count++;
        }
    int k = count ? n / count : n;
    k = k < 1 ? 1 : k > 3 ? 3 : k;
    if (k > n)
        k = n;
    for (int i = 0; i < k; i++)
        out[i] = sp->goals[reg][(rank * k + i) % n];
    return k;
}

/* The common b goal of regulation reg a rotation to target covers, or 0. */
static int64_t demo_goal_common_b(const struct demo_ctx *c, int target,
                                  enum regulation reg)
{
    for (size_t k = 0; k < DEMO_LEN(demo_common_b); k++) {
        if (strcmp(c->specs[target].code, demo_common_b[k].code) != 0)
            continue;
        int idx =
            reg == REGULATION_2021 ? demo_common_b[k].stb : demo_common_b[k].b;
        if (reg != REGULATION_2008 && idx < c->ncommon[reg][1])
            return c->common[reg][1][idx];
    }
    return 0;
}

/* Lists in u the goals a rotation at unit du covers (for its visitors). */
static void demo_unit_goals(const struct demo_ctx *c,
                            const struct demo_unit *du, struct unit *u)
{
    int v = c->specs[du->spec].visitor;
    if (v < 0 || du->cap_year == 0)
        return;
    for (int reg = REGULATION_2015; reg <= REGULATION_2021; reg++) {
        u->ngoals += demo_goal_slice(c, v, du->spec, (enum regulation)reg,
                                     u->goal_ids + u->ngoals);
        int64_t b = v == c->gp
                        ? demo_goal_common_b(c, du->spec, (enum regulation)reg)
                        : 0;
        if (b)
            u->goal_ids[u->ngoals++] = b;
    }
}

/* Writes one planned unit with a fresh HSA-id under its provider. */
static int demo_unit_insert(struct demo_ctx *c, struct demo_unit *du)
{
    struct unit u = {0};
    const struct demo_provider *p = &c->providers[du->provider];
    u.region_id = c->region_id;
    u.provider_id = p->id;
    u.site_id = du->site >= 0 ? c->sites[du->site].id : 0;
    u.area_id = c->area_ids[du->area];
    u.specialty_id = c->specs[du->spec].id;
    snprintf(u.name, sizeof u.name, "%s", du->name);
    c->hsa_next += rng_between(&c->rng, 1, 9);
    snprintf(u.hsa_id, sizeof u.hsa_id, "SE%s-E%d", p->digits, c->hsa_next);
    u.kind = du->kind;
    u.takes_trainees = du->cap_year != 0;
    if (du->kind == UNIT_PRIMARY_CARE) {
        int away = (du->ntrainees + 1) / 2;
        du->max_away = away < 1 ? 1 : away > 3 ? 3 : away;
    }
    u.max_away = du->max_away;
    demo_unit_goals(c, du, &u);
    int rc = store_unit_insert(c->s, &u, c->ei);
    du->id = u.id;
    return rc;
}

/* Notes, per target specialty, whose goals a rotation there covers. */
static void demo_visitors(struct demo_ctx *c)
{
    for (int i = 0; i < c->nspecs; i++)
        if (c->specs[i].gp_percent > 0)
            c->specs[i].visitor = c->gp;
    for (size_t k = 0; k < DEMO_LEN(demo_rotations); k++) {
        int from = demo_spec_find(c, demo_rotations[k].code);
        int to = demo_spec_find(c, demo_rotations[k].target);
        if (from >= 0 && to >= 0 && c->specs[to].visitor < 0)
            c->specs[to].visitor = from;
    }
}

/* Writes every planned unit. */
static int demo_units_insert(struct demo_ctx *c)
{
    c->hsa_next = rng_between(&c->rng, 1000, 1999);
    demo_visitors(c);
    for (int i = 0; i < c->nunits; i++) {
        int rc = demo_unit_insert(c, &c->units[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Writes one capacity row of unit ui and copies it into the seat table. */
static int demo_capacity_row(struct demo_ctx *c, int ui, int from, int to,
                             int seats, const char *note)
{
    struct demo_unit *du = &c->units[ui];
    struct capacity cap = {0};
    cap.unit_id = du->id;
    cap.from_week = from;
    cap.to_week = to;
    cap.seats = seats;
    cap.patterns = du->patterns;
    snprintf(cap.note, sizeof cap.note, "%s", note);
    int rc = store_capacity_insert(c->s, &cap, c->ei);
    for (int w = from; !rc && w < to; w++) {
        size_t k = (size_t)ui * (size_t)c->nweeks + (size_t)(w - c->w0);
        c->seats[k] = seats;
        c->pats[k] = (unsigned char)du->patterns;
    }
    return rc;
}

/* The seats of a unit in one half-year: none in a closed half-year, else
 * the usual seats, now and then one more or one fewer. */
static int demo_seats_vary(struct demo_ctx *c, const struct demo_unit *du)
{
    int base = du->base;
    if (rng_percent(&c->rng, du->closed))
        return 0;
    int r = (int)rng_below(&c->rng, 10);
    if (r == 0 && base > 1)
        return base - 1;
    return r == 1 ? base + 1 : base;
}

/* Writes a unit's capacity: spring, summer (fewer seats) and autumn. */
static int demo_capacity_unit(struct demo_ctx *c, int ui)
{
    struct demo_unit *du = &c->units[ui];
    int rc = 0;
    for (int y = du->cap_year; !rc && du->cap_year && y <= c->y1; y++) {
        int w1, w27, w33, wnext;
        week_from_iso(y, 1, &w1);
        week_from_iso(y, 27, &w27);
        week_from_iso(y, 33, &w33);
        week_from_iso(y + 1, 1, &wnext);
        int spring = demo_seats_vary(c, du);
        int autumn = demo_seats_vary(c, du);
        int summer = (spring < autumn ? spring : autumn) / 2;
        if ((rc = demo_capacity_row(c, ui, w1, w27, spring, "")) ||
            (rc = demo_capacity_row(c, ui, w27, w33, summer, "sommar")))
            break;
        rc = demo_capacity_row(c, ui, w33, wnext, autumn, "");
    }
    return rc;
}

/* Writes the capacity of every unit that takes rotating trainees. */
static int demo_capacity_insert(struct demo_ctx *c)
{
    size_t cells = (size_t)c->nunits * (size_t)c->nweeks;
    c->seats = xcalloc(cells, sizeof(*c->seats));
    c->occ = xcalloc(cells, sizeof(*c->occ));
    c->away = xcalloc(cells, sizeof(*c->away));
    c->pats = xcalloc(cells, 1);
    for (int i = 0; i < c->nunits; i++) {
        int rc = demo_capacity_unit(c, i);
        if (rc)
            return rc;
    }
    return 0;
}

/* Writes s as lower-case ASCII into out: å, ä to a, ö to o, é to e. */
static void demo_ascii(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < cap;
         p++) {
        char ch = 0;
        if (*p == 0xc3 && p[1]) {
            unsigned char b = *++p;
            if (b == 0xa5 || b == 0xa4 || b == 0x85 || b == 0x84)
                ch = 'a';
            else if (b == 0xb6 || b == 0x96)
                ch = 'o';
            else if (b == 0xa9 || b == 0x89)
                ch = 'e';
        } else if ((*p >= 'a' && *p <= 'z') || *p == '-') {
            ch = (char)*p;
        } else if (*p >= 'A' && *p <= 'Z') {
            ch = (char)(*p - 'A' + 'a');
        }
        if (ch)
            out[n++] = ch;
    }
    out[n] = '\0';
}

/* Writes a person with a Swedish name, a unique e-mail and an HSA-id. */
static int demo_person_insert(struct demo_ctx *c, int64_t *id)
{
    struct person p = {0};
    const char *first =
        demo_first_names[rng_below(&c->rng, DEMO_LEN(demo_first_names))];
    const char *last =
        demo_last_names[rng_below(&c->rng, DEMO_LEN(demo_last_names))];
    char a[64], b[64];
    int n = ++c->person_next;
    demo_ascii(first, a, sizeof a);
    demo_ascii(last, b, sizeof b);
    snprintf(p.name, sizeof p.name, "%s %s", first, last);
    snprintf(p.email, sizeof p.email, "%s.%s.%d@demo.randa.se", a, b, n);
    snprintf(p.hsa_id, sizeof p.hsa_id, "SE%s-P%d", c->providers[0].digits,
             100000 + n);
    int rc = store_person_insert(c->s, &p, c->ei);
    *id = p.id;
    return rc;
}

/* The date days after 1970-01-01 as "YYYY-MM-DD". */
static void demo_day_format(long days, char *out)
{
    date_format(date_from_days(days), out);
}

/* Writes a supervisor at unit ui who takes one to three trainees. */
static int demo_supervisor_insert(struct demo_ctx *c, int ui)
{
    struct supervisor sv = {0};
    long today = date_to_days(c->opt->today);
    long since = today - rng_between(&c->rng, 2 * 365, 25 * 365);
    int rc = demo_person_insert(c, &sv.person_id);
    if (rc)
        return rc;
    sv.unit_id = c->units[ui].id;
    demo_day_format(since, sv.specialist_since);
    if (rng_percent(&c->rng, 85))
        demo_day_format(since + rng_between(&c->rng, 0, (int)(today - since)),
                        sv.trained_on);
    if (rng_percent(&c->rng, 10))
        sv.specialist_since[0] = '\0';
    rc = store_supervisor_insert(c->s, &sv, c->ei);
    c->units[ui].sup_id = sv.id;
    c->units[ui].sup_left = rng_between(&c->rng, 1, 3);
    return rc;
}

/* Employment percent: mostly full time. */
static int demo_fte_pick(struct demo_ctx *c)
{
    int r = (int)rng_below(&c->rng, 100);
    return r < 80 ? 100 : r < 85 ? 90 : r < 92 ? 80 : r < 97 ? 75 : 50;
}

/* A trainee's leaves in weeks, before they are written. */
struct demo_leaves {
    int n;
    int from[2], weeks[2];
    enum leave_kind kind[2];
};

/* The regulation of a trainee who started on day start. */
static enum regulation demo_regulation(struct demo_ctx *c, long start)
{
    long y2015 = date_to_days((struct date){2015, 5, 1});
    long y2021 = date_to_days((struct date){2021, 7, 1});
    long y2024 = date_to_days((struct date){2024, 7, 1});
    if (start < y2015)
        return REGULATION_2008;
    if (start < y2021)
        return REGULATION_2015;
    /* A Swedish AT still lets a doctor choose SOSFS 2015:8. */
    if (start < y2024 && rng_percent(&c->rng, 10))
        return REGULATION_2015;
    return REGULATION_2021;
}

/*
 * Picks a trainee's start (a Monday in the last five and a half years),
 * regulation and planned end (5 or 5.5 years scaled by 100 / fte, plus
 * leave), so that the training is still going on today. Returns the day
 * numbers of start and end.
 */
static void demo_trainee_span(struct demo_ctx *c, struct demo_trainee *t,
                              int leave_weeks, long *start, long *end)
{
    long today = date_to_days(c->opt->today);
    for (int tries = 0; tries < 40; tries++) {
        long d = today - rng_between(&c->rng, 0, 2009);
        *start = d - (date_weekday(date_from_days(d)) - 1);
        t->reg = demo_regulation(c, *start);
        long base = t->reg == REGULATION_2021 ? 2009 : 1826;
        *end = *start + (base * 100 + t->fte - 1) / t->fte + 7L * leave_weeks;
        if (*end > today + 28)
            return;
    }
    *start = today - (date_weekday(c->opt->today) - 1) - 7L * 20;
    t->reg = REGULATION_2021;
    *end = *start + (2009L * 100 + t->fte - 1) / t->fte + 7L * leave_weeks;
}

/* Places a parental leave anywhere and a sick leave in the past. */
static void demo_leaves_place(struct demo_ctx *c, const struct demo_trainee *t,
                              int parental, int sick, struct demo_leaves *lv)
{
    lv->n = 0;
    int span = t->wto - t->wfrom;
    if (parental && span > parental + 20) {
        lv->from[0] = t->wfrom + rng_between(&c->rng, 8, span - parental - 8);
        lv->weeks[0] = parental;
        lv->kind[0] = LEAVE_PARENTAL;
        lv->n = 1;
    }
    int last = (c->tw < t->wto ? c->tw : t->wto) - sick - 1;
    for (int tries = 0; sick && tries < 10 && last > t->wfrom + 4; tries++) {
        int from = rng_between(&c->rng, t->wfrom + 4, last);
        if (lv->n && from < lv->from[0] + lv->weeks[0] &&
            lv->from[0] < from + sick)
            continue;
        lv->from[lv->n] = from;
        lv->weeks[lv->n] = sick;
        lv->kind[lv->n] = LEAVE_SICK;
        lv->n++;
        break;
    }
}

/* Writes a trainee's leaves (Monday to Sunday) and marks them busy. */
static int demo_leaves_insert(struct demo_ctx *c, int ti,
                              const struct demo_leaves *lv)
{
    for (int k = 0; k < lv->n; k++) {
        struct leave l = {0};
        l.trainee_id = c->trainees[ti].id;
        date_format(week_monday(lv->from[k]), l.from_date);
        date_format(
            date_from_days(
                date_to_days(week_monday(lv->from[k] + lv->weeks[k])) - 1),
            l.to_date);
        l.kind = lv->kind[k];
        int rc = store_leave_insert(c->s, &l, c->ei);
        if (rc)
            return rc;
        for (int w = lv->from[k]; w < lv->from[k] + lv->weeks[k]; w++)
            if (w >= c->w0 && w < c->w0 + c->nweeks)
                c->busy[(size_t)ti * (size_t)c->nweeks + (size_t)(w - c->w0)] =
                    1;
    }
    return 0;
}

/* The status of a trainee: on leave if a leave covers today. */
static enum trainee_status demo_trainee_status(const struct demo_ctx *c,
                                               const struct demo_leaves *lv)
{
    for (int k = 0; k < lv->n; k++)
        if (lv->from[k] <= c->tw && c->tw < lv->from[k] + lv->weeks[k])
            return TRAINEE_ON_LEAVE;
    return TRAINEE_ACTIVE;
}

/* Writes trainee ti: person, supervisor, the trainee row and leaves. */
static int demo_trainee_insert(struct demo_ctx *c, int ti)
{
    struct demo_trainee *t = &c->trainees[ti];
    struct demo_unit *home = &c->units[t->home];
    struct trainee row = {0};
    struct demo_leaves lv;
    long start, end;
    int parental = rng_percent(&c->rng, 13) ? rng_between(&c->rng, 16, 40) : 0;
    int sick = rng_percent(&c->rng, 10) ? rng_between(&c->rng, 1, 6) : 0;
    int rc = demo_person_insert(c, &row.person_id);
    if (!rc && home->sup_left == 0)
        rc = demo_supervisor_insert(c, t->home);
    if (rc)
        return rc;
    home->sup_left--;
    t->fte = demo_fte_pick(c);
    demo_trainee_span(c, t, parental + sick, &start, &end);
    t->start = start;
    t->wfrom = week_from_date(date_from_days(start));
    t->wto = week_from_date(date_from_days(end));
    demo_leaves_place(c, t, parental, sick, &lv);
    row.specialty_id = c->specs[t->spec].id;
    row.regulation = t->reg;
    row.home_unit_id = home->id;
    row.supervisor_id = home->sup_id;
    demo_day_format(start, row.start_date);
    row.fte = t->fte;
    demo_day_format(end, row.planned_end);
    row.status = demo_trainee_status(c, &lv);
    if ((rc = store_trainee_insert(c->s, &row, c->ei)))
        return rc;
    t->id = row.id;
    return demo_leaves_insert(c, ti, &lv);
}

/* Writes every trainee. */
static int demo_trainees_insert(struct demo_ctx *c)
{
    c->busy = xcalloc((size_t)c->ntrainees * (size_t)c->nweeks, 1);
    for (int t = 0; t < c->ntrainees; t++) {
        int rc = demo_trainee_insert(c, t);
        if (rc)
            return rc;
    }
    return 0;
}

/* Returns 1 if some unit of specialty spec takes rotating trainees. */
static int demo_spec_takes(const struct demo_ctx *c, int spec)
{
    for (int i = 0; i < c->nunits; i++)
        if (c->units[i].spec == spec && c->units[i].cap_year)
            return 1;
    return 0;
}

/* Reads the allmänmedicin rotations and their estimated weeks. */
static int demo_gp_rotations_read(struct demo_ctx *c)
{
    json_t *arr = json_object_get(json_object_get(c->ref, "allmanmedicin"),
                                  "typical_rotations");
    size_t i;
    json_t *js;
    if (!json_is_array(arr))
        return demo_bad_ref(c, "allmanmedicin.typical_rotations");
    json_array_foreach(arr, i, js)
    {
        json_t *est = json_object_get(js, "unverified_estimate");
        const char *code =
            json_string_value(json_object_get(js, "specialty_id"));
        int s = code ? demo_spec_find(c, code) : -1;
        if (!est || s < 0 || s == c->gp)
            continue;
        c->specs[s].gp_wmin =
            (int)json_integer_value(json_object_get(est, "weeks_min"));
        c->specs[s].gp_wmax =
            (int)json_integer_value(json_object_get(est, "weeks_max"));
        if (c->specs[s].gp_wmin < 1 ||
            c->specs[s].gp_wmax < c->specs[s].gp_wmin)
            return demo_bad_ref(c, "unverified_estimate weeks");
        c->specs[s].gp_percent = 50;
        for (size_t k = 0; k < DEMO_LEN(demo_gp_percent); k++)
            if (strcmp(code, demo_gp_percent[k].code) == 0)
                c->specs[s].gp_percent = demo_gp_percent[k].percent;
    }
    return 0;
}

/* Appends a need of trainee ti for weeks at target. */
static void demo_need_add(struct demo_ctx *c, int ti, int target, int weeks)
{
    int gp = c->trainees[ti].spec == c->gp;
    xgrow((void **)&c->needs, &c->needs_cap, (size_t)c->nneeds + 1,
          sizeof(*c->needs));
    struct demo_need *n = &c->needs[c->nneeds++];
    memset(n, 0, sizeof(*n));
    n->trainee = ti;
    n->target = target;
    n->weeks = weeks;
    n->patterns = PATTERN_BIT(PATTERN_FULL);
    n->first = PATTERN_FULL;
    n->status = NEED_OPEN;
    /* SFAM: split weeks and every other week for longer rotations. */
    if (gp && weeks >= 4 && rng_percent(&c->rng, 45))
        n->patterns |=
            PATTERN_BIT(PATTERN_SPLIT3) | PATTERN_BIT(PATTERN_SPLIT4);
    if (weeks > 4 && rng_percent(&c->rng, gp ? 30 : 10))
        n->patterns |= PATTERN_BIT(PATTERN_ALTERNATE);
    if (rng_percent(&c->rng, 10))
        n->patterns |= PATTERN_BIT(PATTERN_HALF);
    int npat = 0;
    for (int p = 0; p < PATTERN_COUNT; p++)
        npat += (n->patterns & PATTERN_BIT(p)) != 0;
    int k = (int)rng_below(&c->rng, (uint32_t)npat);
    for (int p = 0; p < PATTERN_COUNT; p++)
        if ((n->patterns & PATTERN_BIT(p)) && k-- == 0)
            n->first = (enum pattern)p;
}

/* Appends the rotation needs of one trainee (at least one). */
static void demo_needs_of(struct demo_ctx *c, int ti)
{
    int spec = c->trainees[ti].spec, first = c->nneeds, fallback = -1;
    const char *code = c->specs[spec].code;
    for (int s = 0; spec == c->gp && s < c->nspecs; s++)
        if (c->specs[s].gp_percent && demo_spec_takes(c, s) &&
            rng_percent(&c->rng, c->specs[s].gp_percent))
            demo_need_add(
                c, ti, s,
                rng_between(&c->rng, c->specs[s].gp_wmin, c->specs[s].gp_wmax));
    for (size_t k = 0; spec != c->gp && k < DEMO_LEN(demo_rotations); k++) {
        int to = demo_spec_find(c, demo_rotations[k].target);
        if (strcmp(demo_rotations[k].code, code) != 0 || to < 0 ||
            !demo_spec_takes(c, to))
            continue;
        if (fallback < 0)
            fallback = (int)k;
        if (rng_percent(&c->rng, demo_rotations[k].percent))
            demo_need_add(c, ti, to,
                          rng_between(&c->rng, demo_rotations[k].wmin,
                                      demo_rotations[k].wmax));
    }
    if (c->nneeds > first || spec == c->gp)
        return;
    int to = fallback >= 0 ? demo_spec_find(c, demo_rotations[fallback].target)
                           : demo_spec_find(c, "internmedicin");
    if (to >= 0 && to != spec && demo_spec_takes(c, to))
        demo_need_add(c, ti, to,
                      fallback >= 0
                          ? rng_between(&c->rng, demo_rotations[fallback].wmin,
                                        demo_rotations[fallback].wmax)
                          : rng_between(&c->rng, 4, 13));
}

/* Spreads a trainee's needs (shuffled) over the training as preferred
 * starts, with time at home between them. */
static void demo_needs_layout(struct demo_ctx *c, int ti, int first, int n)
{
    const struct demo_trainee *t = &c->trainees[ti];
    int gaps[DEMO_ROT_MAX + 1], gsum = 0, lsum = 0;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&c->rng, (uint32_t)i + 1);
        struct demo_need tmp = c->needs[first + i];
        c->needs[first + i] = c->needs[first + j];
        c->needs[first + j] = tmp;
    }
    for (int i = 0; i <= n; i++) {
        gaps[i] = rng_between(&c->rng, 2, 10);
        gsum += gaps[i];
    }
    for (int i = 0; i < n; i++)
        lsum += pattern_len(PATTERN_FULL, c->needs[first + i].weeks, t->fte);
    int slack = t->wto - t->wfrom - lsum - 8;
    int pos = t->wfrom + 4;
    for (int i = 0; i < n; i++) {
        struct demo_need *nd = &c->needs[first + i];
        pos += slack > 0 ? slack * gaps[i] / gsum : 0;
        nd->preferred = pos;
        pos += pattern_len(PATTERN_FULL, nd->weeks, t->fte);
    }
}

/* Plans every trainee's rotation needs. */
static int demo_needs_plan(struct demo_ctx *c)
{
    int rc = demo_gp_rotations_read(c);
    if (rc)
        return rc;
    for (int ti = 0; ti < c->ntrainees; ti++) {
        int first = c->nneeds;
        demo_needs_of(c, ti);
        if (c->nneeds - first > DEMO_ROT_MAX)
            c->nneeds = first + DEMO_ROT_MAX;
        demo_needs_layout(c, ti, first, c->nneeds - first);
    }
    return 0;
}

/* Returns 1 if need n fits at unit ui from week start with pattern p:
 * seats, allowed patterns, the trainee's other bookings and leaves, the
 * training's span and the home unit's max_away. */
static int demo_fits(const struct demo_ctx *c, const struct demo_need *n,
                     int ui, int start, enum pattern p, int *len)
{
    const struct demo_trainee *t = &c->trainees[n->trainee];
    const struct demo_unit *home = &c->units[t->home];
    size_t nw = (size_t)c->nweeks;
    *len = pattern_len(p, n->weeks, t->fte);
    if (*len < 1 || start < t->wfrom || start < c->w0 ||
        start + *len > t->wto || start + *len > c->w0 + c->nweeks)
        return 0;
    for (int k = 0; k < *len; k++) {
        size_t w = (size_t)(start + k - c->w0);
        size_t at = (size_t)ui * nw + w, ht = (size_t)t->home * nw + w;
        int occ = pattern_occupancy(p, k);
        if (c->busy[(size_t)n->trainee * nw + w] ||
            !(c->pats[at] & PATTERN_BIT(p)) ||
            c->occ[at] + occ > 100 * c->seats[at] ||
            (home->max_away != STORE_NONE &&
             c->away[ht] + occ > 100 * home->max_away))
            return 0;
    }
    return 1;
}

/* Finds the earliest start in [lo, hi] at one of the candidate units. */
static int demo_slot_find(const struct demo_ctx *c, const struct demo_need *n,
                          const int *cand, int ncand, int lo, int hi,
                          struct demo_slot *slot)
{
    for (int start = lo; start <= hi; start++) {
        for (int i = 0; i < ncand; i++) {
            for (int k = -1; k < PATTERN_COUNT; k++) {
                enum pattern p = k < 0 ? n->first : (enum pattern)k;
                if ((k >= 0 && p == n->first) ||
                    !(n->patterns & PATTERN_BIT(p)) ||
                    !demo_fits(c, n, cand[i], start, p, &slot->len))
                    continue;
                slot->unit = cand[i];
                slot->start = start;
                slot->pattern = p;
                return 1;
            }
        }
    }
    return 0;
}

/* Shuffles a[0..n) with the generator. */
static void demo_shuffle(struct demo_ctx *c, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&c->rng, (uint32_t)i + 1);
        int tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
    }
}

/*
 * Lists the units a director would try for need n: hospital clinics of the
 * target specialty in the trainee's own area first, then elsewhere; private
 * clinics and training nodes only now and then, as they lie outside the
 * usual network of contacts.
 */
static int demo_candidates(struct demo_ctx *c, const struct demo_need *n,
                           int *cand)
{
    int home = c->trainees[n->trainee].home, area = c->units[home].area;
    int outside = rng_percent(&c->rng, 25), nnear = 0, nfar = 0;
    int far[DEMO_CAND_MAX];
    for (int i = 0; i < c->nunits; i++) {
        const struct demo_unit *u = &c->units[i];
        if (u->spec != n->target || !u->cap_year || i == home ||
            (u->kind != UNIT_HOSPITAL_CLINIC && !outside))
            continue;
        if (u->area == area && nnear < DEMO_CAND_MAX)
            cand[nnear++] = i;
        else if (u->area != area && nfar < DEMO_CAND_MAX)
            far[nfar++] = i;
    }
    demo_shuffle(c, cand, nnear);
    demo_shuffle(c, far, nfar);
    for (int i = 0; i < nfar && nnear < DEMO_CAND_MAX; i++)
        cand[nnear++] = far[i];
    return nnear;
}

/* Records a booking decision; holding ones take their seats at once. */
static void demo_event_add(struct demo_ctx *c, int ni,
                           const struct demo_slot *sl,
                           enum booking_status status,
                           enum cancel_reason reason)
{
    const struct demo_need *n = &c->needs[ni];
    size_t nw = (size_t)c->nweeks;
    xgrow((void **)&c->events, &c->events_cap, (size_t)c->nevents + 1,
          sizeof(*c->events));
    c->events[c->nevents++] = (struct demo_event){
        ni, sl->unit, sl->start, sl->pattern, status, reason};
    if (status == BOOKING_DECLINED || status == BOOKING_CANCELLED)
        return;
    int home = c->trainees[n->trainee].home;
    for (int k = 0; k < sl->len; k++) {
        size_t w = (size_t)(sl->start + k - c->w0);
        int occ = pattern_occupancy(sl->pattern, k);
        c->busy[(size_t)n->trainee * nw + w] = 1;
        c->occ[(size_t)sl->unit * nw + w] += occ;
        c->away[(size_t)home * nw + w] += occ;
    }
}

/* The status of a booking in slot, seen from today. */
static enum booking_status demo_booking_status(struct demo_ctx *c,
                                               const struct demo_slot *sl)
{
    if (sl->start + sl->len <= c->tw)
        return BOOKING_COMPLETED;
    if (sl->start <= c->tw + DEMO_LEAD_WEEKS)
        return BOOKING_CONFIRMED;
    return rng_percent(&c->rng, 60) ? BOOKING_CONFIRMED : BOOKING_REQUESTED;
}

/* Drops unit ui from the candidate list. */
static void demo_cand_drop(int *cand, int *ncand, int ui)
{
    for (int i = 0; i < *ncand; i++)
        if (cand[i] == ui)
            cand[i--] = cand[--*ncand];
}

/*
 * Books need ni the way a director would: at the earliest free place near
 * the preferred start, in the trainee's area first; now and then a request
 * is declined or a booking cancelled first. Needs further ahead than a year
 * are not planned yet and stay open.
 */
static void demo_walk_need(struct demo_ctx *c, int ni)
{
    struct demo_need *n = &c->needs[ni];
    const struct demo_trainee *t = &c->trainees[n->trainee];
    int cand[DEMO_CAND_MAX], ncand;
    struct demo_slot sl;
    if (n->preferred > c->tw + DEMO_PLAN_AHEAD)
        return;
    ncand = demo_candidates(c, n, cand);
    int lo = n->preferred - 4 > t->wfrom ? n->preferred - 4 : t->wfrom;
    int hi = n->preferred + (n->preferred < c->tw ? 78 : 26);
    if (rng_percent(&c->rng, 6) &&
        demo_slot_find(c, n, cand, ncand, lo, hi, &sl)) {
        demo_event_add(c, ni, &sl, BOOKING_DECLINED, CANCEL_NONE);
        demo_cand_drop(cand, &ncand, sl.unit);
    } else if (rng_percent(&c->rng, 5) &&
               demo_slot_find(c, n, cand, ncand, lo, hi, &sl)) {
        enum cancel_reason why = (enum cancel_reason)rng_between(
            &c->rng, CANCEL_SICK_LEAVE, CANCEL_OTHER);
        demo_event_add(c, ni, &sl, BOOKING_CANCELLED, why);
        lo = sl.start + 2;
    }
    if (!demo_slot_find(c, n, cand, ncand, lo, hi, &sl))
        return;
    enum booking_status st = demo_booking_status(c, &sl);
    demo_event_add(c, ni, &sl, st, CANCEL_NONE);
    n->status = st == BOOKING_COMPLETED ? NEED_DONE : NEED_BOOKED;
}

/* Orders needs by preferred start, then by their place in the list. */
static int demo_need_order(const void *a, const void *b)
{
    const int *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Books every need in order of preferred start, first come first served. */
static int demo_bookings_walk(struct demo_ctx *c)
{
    int *order = xmalloc(2 * sizeof(int) * ((size_t)c->nneeds + 1));
    for (int i = 0; i < c->nneeds; i++) {
        order[2 * i] = c->needs[i].preferred;
        order[2 * i + 1] = i;
    }
    qsort(order, (size_t)c->nneeds, 2 * sizeof(int), demo_need_order);
    for (int i = 0; i < c->nneeds; i++)
        demo_walk_need(c, order[2 * i + 1]);
    free(order);
    return 0;
}

/* Writes need ni with the goals of the trainee's regulation it covers. */
static int demo_need_insert(struct demo_ctx *c, int ni)
{
    struct demo_need *dn = &c->needs[ni];
    const struct demo_trainee *t = &c->trainees[dn->trainee];
    struct need *n = xcalloc(1, sizeof(*n));
    n->trainee_id = t->id;
    n->specialty_id = c->specs[dn->target].id;
    n->weeks = dn->weeks;
    n->patterns = dn->patterns;
    n->preferred_start = dn->preferred;
    n->status = dn->status;
    n->ngoals = demo_goal_slice(c, t->spec, dn->target, t->reg, n->goal_ids);
    int64_t b =
        t->spec == c->gp ? demo_goal_common_b(c, dn->target, t->reg) : 0;
    if (b)
        n->goal_ids[n->ngoals++] = b;
    int rc = store_need_insert(c->s, n, c->ei);
    dn->id = n->id;
    free(n);
    return rc;
}

/* Writes every need, each with the status its bookings give it. */
static int demo_needs_insert(struct demo_ctx *c)
{
    for (int i = 0; i < c->nneeds; i++) {
        int rc = demo_need_insert(c, i);
        if (rc)
            return rc;
    }
    return 0;
}

/* The store's clock at 09:00 on day (days since 1970). */
static void demo_clock(struct demo_ctx *c, long day)
{
    store_set_now(c->s, (int64_t)day * 86400 + 9 * 3600);
}

/*
 * The day a placement starting in week start was asked for: three to ten
 * months ahead as a rule, under three months' notice now and then (more
 * often three years back and earlier than lately), never after today.
 */
static long demo_request_day(struct demo_ctx *c, int start)
{
    long monday = date_to_days(week_monday(start));
    long today = date_to_days(c->opt->today);
    struct date lately = {c->opt->today.year - 2, 1, 1};
    int short_notice =
        rng_percent(&c->rng2, monday < date_to_days(lately) ? 30 : 15);
    long day = monday - (short_notice ? rng_between(&c->rng2, 14, 85)
                                      : rng_between(&c->rng2, 95, 300));
    return day < today ? day : today;
}

/* Writes one booking decision on the day it was asked for; declined and
 * cancelled ones are inserted as requested and then moved to their
 * status. */
static int demo_event_insert(struct demo_ctx *c, const struct demo_event *e)
{
    const struct demo_need *n = &c->needs[e->need];
    struct booking b = {0};
    demo_clock(c, demo_request_day(c, e->start));
    int held = e->status != BOOKING_DECLINED && e->status != BOOKING_CANCELLED;
    b.trainee_id = c->trainees[n->trainee].id;
    b.need_id = n->id;
    b.unit_id = c->units[e->unit].id;
    b.start_week = e->start;
    b.pattern = e->pattern;
    b.weeks = n->weeks;
    b.status = held ? e->status : BOOKING_REQUESTED;
    b.cancel_reason = CANCEL_NONE;
    int rc = store_booking_insert(c->s, &b, c->ei);
    if (rc || held)
        return rc;
    return store_booking_set_status(c->s, b.id, e->status, e->reason, c->ei);
}

/* Writes the bookings in the order the walk decided them. */
static int demo_events_insert(struct demo_ctx *c)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < c->nevents; i++)
        rc = demo_event_insert(c, &c->events[i]);
    store_set_now(c->s,
                  (int64_t)date_to_days(c->opt->today) * 86400 + 8 * 3600);
    return rc;
}

/* The steps of the generator, in order. */
/*
 * One demo user per role, all with DEMO_PASSWORD: the studierektor of the
 * home unit with the most trainees, an ST-läkare of that unit and their
 * handledare (of three of its trainees), the verksamhetschef of the unit
 * with the most requests waiting, the region's coordinator and an
 * administrator. One hash serves them all: the password is public anyway,
 * and argon2id is slow on purpose.
 */
static int demo_users_insert(struct demo_ctx *c)
{
    int home = 0, asked = 0;
    int *requests = xcalloc((size_t)c->nunits, sizeof(int));
    for (int u = 1; u < c->nunits; u++)
        if (c->units[u].ntrainees > c->units[home].ntrainees)
            home = u;
    for (int e = 0; e < c->nevents; e++)
        if (c->events[e].status == BOOKING_REQUESTED)
            requests[c->events[e].unit]++;
    for (int u = 1; u < c->nunits; u++)
        if (requests[u] > requests[asked])
            asked = u;
    free(requests);
    int64_t mine[3] = {0};
    int nmine = 0;
    for (int t = 0; t < c->ntrainees && nmine < 3; t++)
        if (c->trainees[t].home == home)
            mine[nmine++] = c->trainees[t].id;
    c->demo_trainee = mine[0];
    if (nmine == 0 || password_init() != 0)
        return err_set(c->ei, ERR_INVAL, "trainees",
                       "the demo needs trainees for its users");
    char hash[PASSWORD_HASH_MAX];
    int rc = password_hash(DEMO_PASSWORD, hash, c->ei);
    const struct {
        const char *username, *name, *role;
        int64_t scope_id;
    } users[] = {
        {"st-lakare", "Demo ST-läkare", "trainee", mine[0]},
        {"handledare", "Demo Handledare", "supervisor", 0},
        {"studierektor", "Demo Studierektor", "director", c->units[home].id},
        {"verksamhetschef", "Demo Verksamhetschef", "unit_head",
         c->units[asked].id},
        {"samordnare", "Demo Övergripande studierektor", "coordinator",
         c->region_id},
        {"admin", "Demo Administratör", "admin", 0},
    };
    for (size_t i = 0; rc == 0 && i < DEMO_LEN(users); i++) {
        struct user u = {0};
        struct user_role roles[3] = {{"", 0}};
        int nroles = 1;
        snprintf(u.username, sizeof(u.username), "%s", users[i].username);
        snprintf(u.name, sizeof(u.name), "%s", users[i].name);
        snprintf(roles[0].role, sizeof(roles[0].role), "%s", users[i].role);
        roles[0].scope_id = users[i].scope_id;
        if (strcmp(users[i].role, "supervisor") == 0) {
            for (int k = 0; k < nmine; k++) {
                snprintf(roles[k].role, sizeof(roles[k].role), "supervisor");
                roles[k].scope_id = mine[k];
            }
            nroles = nmine;
        }
        rc = store_user_add(c->s, &u, hash, roles, nroles, c->ei);
    }
    return rc;
}

/* ---- education plans ---- */

/* Approves the current draft of trainee t's plan on day by the three
 * roles, or only the first n of them. */
static int demo_plan_approve(struct demo_ctx *c, const struct demo_trainee *t,
                             const char *supervisor, long day, int n)
{
    struct edu_plan p;
    int rc = store_edu_plan_get(c->s, t->id, &p, c->ei);
    char names[EDU_APPROVER_COUNT][STORE_NAME_MAX];
    snprintf(names[EDU_APPROVER_UNIT_HEAD], STORE_NAME_MAX,
             "Verksamhetschef, %.160s", c->units[t->home].name);
    snprintf(names[EDU_APPROVER_SUPERVISOR], STORE_NAME_MAX, "%s", supervisor);
    snprintf(names[EDU_APPROVER_DIRECTOR], STORE_NAME_MAX,
             "Studierektor, %.160s", c->units[t->home].name);
    demo_clock(c, day);
    for (int r = 0; rc == 0 && r < n && r < EDU_APPROVER_COUNT; r++) {
        struct edu_by by = {0, ""};
        int done = 0;
        snprintf(by.name, sizeof(by.name), "%.190s", names[r]);
        rc = store_edu_plan_approve(c->s, t->id, p.version,
                                    (enum edu_approver)r, &by, &done, c->ei);
    }
    return rc;
}

/* Writes an activity of trainee t on goal (0: none) in weeks [from, to). */
static int demo_activity(struct demo_ctx *c, const struct demo_trainee *t,
                         enum activity_kind kind, const char *title,
                         int64_t goal, int from, int weeks, int64_t *id)
{
    struct activity a = {0};
    a.trainee_id = t->id;
    a.kind = kind;
    snprintf(a.title, sizeof(a.title), "%s", title);
    a.from_week = from;
    a.to_week = from + weeks;
    a.status = from + weeks <= c->tw ? ACTIVITY_DONE
               : from <= c->tw       ? ACTIVITY_IN_PROGRESS
                                     : ACTIVITY_PLANNED;
    if (goal)
        a.goal_ids[a.ngoals++] = goal;
    int rc = store_activity_insert(c->s, &a, c->ei);
    *id = a.id;
    return rc;
}

/* A simulation course that shortens one of trainee ti's open rotations by
 * two weeks, agreed by the studierektor (about one trainee in eight). */
static int demo_substitute(struct demo_ctx *c, int ti, int64_t activity)
{
    for (int i = 0; i < c->nneeds; i++) {
        const struct demo_need *n = &c->needs[i];
        int booked = 0;
        for (int e = 0; e < c->nevents && !booked; e++)
            booked = c->events[e].need == i;
        if (n->trainee != ti || n->status != NEED_OPEN || n->weeks < 6 ||
            booked)
            continue;
        struct substitute x = {0};
        x.activity_id = activity;
        x.need_id = n->id;
        x.weeks_saved = 2;
        snprintf(x.reason, sizeof(x.reason), "%s",
                 "Simuleringsträningen täcker de akuta momenten; två veckor "
                 "av placeringen behövs inte.");
        snprintf(x.agreed_by.name, sizeof(x.agreed_by.name),
                 "Studierektor, %.160s", c->units[c->trainees[ti].home].name);
        int rc = store_substitute_insert(c->s, &x, c->ei);
        return rc == ERR_CONFLICT ? 0 : rc; /* booked meanwhile: skip */
    }
    return 0;
}

/* Collects the ids and groups of a checklist. */
struct demo_checklist {
    int n;
    int64_t ids[128];
    enum goal_group groups[128];
};

static int demo_checklist_each(const struct edu_goal *g, void *arg)
{
    struct demo_checklist *cl = arg;
    if (cl->n < 128) {
        cl->ids[cl->n] = g->goal.id;
        cl->groups[cl->n++] = g->goal.group;
    }
    return 0;
}

/*
 * Moves trainee t's checklist on as far as their training has come: of
 * the share of it behind them, most goals are certified by their
 * handledare and the rest in progress; the BT goals are certified in the
 * first one and a half years (one trainee in twelve late with them).
 */
static int demo_goals_progress(struct demo_ctx *c, const struct demo_trainee *t,
                               const char *supervisor)
{
    struct demo_checklist cl = {0};
    long today = date_to_days(c->opt->today), start = t->start;
    long end = date_to_days(week_monday(t->wto));
    if (start >= today || end <= start)
        return 0;
    int rc = store_edu_goals(c->s, t->id, demo_checklist_each, &cl, c->ei);
    long span = end - start, done = today - start;
    int reach = (int)((long)cl.n * (done < span ? done : span) / span);
    struct edu_by by = {0, ""};
    snprintf(by.name, sizeof(by.name), "%s", supervisor);
    for (int k = 0; rc == 0 && k < cl.n; k++) {
        enum goal_status status;
        long day;
        if (cl.groups[k] == GOAL_BT) {
            day = start + rng_between(&c->rng, 200, 540);
            if (day > today || rng_percent(&c->rng, 8))
                continue;
            status = GOAL_CERTIFIED;
        } else if (k < reach) {
            day = start + (long)k * span / cl.n + rng_between(&c->rng, 0, 60);
            status = rng_percent(&c->rng, 85) ? GOAL_CERTIFIED : GOAL_MET;
        } else if (k < reach + 3) {
            day = today;
            status = GOAL_IN_PROGRESS;
        } else {
            continue;
        }
        demo_clock(c, day < today ? day : today);
        rc = store_edu_goal_set(c->s, t->id, cl.ids[k], status, "", &by, c->ei);
    }
    return rc;
}

/*
 * Writes trainee ti's plan: the ST contract (now and then late or
 * missing), courses on the common a goals, a written and a quality work,
 * now and then a substitute; the first version approved within six months
 * (sometimes later) and revised about yearly, with some revisions overdue
 * and some drafts waiting for their approvals.
 */
static int demo_plan_insert(struct demo_ctx *c, int ti)
{
    const struct demo_trainee *t = &c->trainees[ti];
    long today = date_to_days(c->opt->today), start = t->start;
    int rc = 0;
    /* A contract is missing only now and then, and only for a trainee who
     * started lately: an old one would have been found long ago. */
    int recent = today - start < 120;
    if (start <= today && (!recent || rng_percent(&c->rng, 70))) {
        struct st_contract k = {0};
        k.trainee_id = t->id;
        long on = start - rng_between(&c->rng, 0, 30) +
                  (rng_percent(&c->rng, 8) ? rng_between(&c->rng, 35, 90) : 0);
        demo_day_format(on < today ? on : today, k.signed_on);
        snprintf(k.employer, sizeof(k.employer), "Region Skåne");
        snprintf(k.parties, sizeof(k.parties), "%s",
                 "ST-läkaren, verksamhetschefen och huvudhandledaren");
        rc = store_contract_set(c->s, &k, c->ei);
    }
    demo_clock(c, start < today ? start : today);
    int w0 = week_from_date(date_from_days(start));
    int na = t->reg == REGULATION_2008 ? 0 : c->ncommon[t->reg][0];
    static const char *const courses[] = {
        "Kurs i ledarskap", "Kurs i etik", "Kurs i vårdhygien",
        "Kurs i kvalitets- och patientsäkerhetsarbete",
        "Kurs i medicinsk vetenskap"};
    int64_t id = 0, sim = 0;
    for (int k = 0; rc == 0 && k < 3; k++)
        rc = demo_activity(c, t, ACTIVITY_COURSE,
                           courses[(ti + k) % DEMO_LEN(courses)],
                           na ? c->common[t->reg][0][(ti + k) % na] : 0,
                           w0 + 20 + 40 * k, 1, &id);
    if (rc == 0)
        rc = demo_activity(c, t, ACTIVITY_WRITTEN_WORK,
                           "Skriftligt arbete enligt vetenskapliga principer",
                           0, w0 + 60, 20, &id);
    if (rc == 0)
        rc = demo_activity(c, t, ACTIVITY_QUALITY_WORK,
                           "Förbättringsarbete på hemenheten", 0, w0 + 100, 16,
                           &id);
    if (rc == 0 && rng_percent(&c->rng, 12)) {
        rc = demo_activity(c, t, ACTIVITY_SIMULATION,
                           "Simuleringsträning, akuta tillstånd", 0, w0 + 8, 1,
                           &sim);
        if (rc == 0)
            rc = demo_substitute(c, ti, sim);
    }
    struct trainee tr;
    struct supervisor sv;
    struct person sp;
    char supervisor[STORE_NAME_MAX] = "Huvudhandledare";
    if (rc == 0 && (rc = store_trainee_get(c->s, t->id, &tr, c->ei)) == 0 &&
        tr.supervisor_id &&
        store_supervisor_get(c->s, tr.supervisor_id, &sv, c->ei) == 0 &&
        store_person_get(c->s, sv.person_id, &sp, c->ei) == 0)
        snprintf(supervisor, sizeof(supervisor), "%s", sp.name);
    if (rc == 0)
        rc = demo_goals_progress(c, t, supervisor);
    /* The first approval: within six months, one in ten late. */
    long day =
        start + (rng_percent(&c->rng, 10) ? rng_between(&c->rng, 190, 260)
                                          : rng_between(&c->rng, 40, 170));
    for (int year = 0; rc == 0; year++) {
        if (day > today) {
            /* Waiting: some of its approvals are there. */
            rc = demo_plan_approve(c, t, supervisor, today,
                                   rng_between(&c->rng, 0, 2));
            break;
        }
        rc = demo_plan_approve(c, t, supervisor, day, EDU_APPROVER_COUNT);
        long next = day + rng_between(&c->rng, 300, 365);
        if (rng_percent(&c->rng, 12))
            next += rng_between(&c->rng, 60, 200); /* a late revision */
        if (rc || next > today)
            break;
        char note[64];
        snprintf(note, sizeof(note), "Årlig revision %d", year + 1);
        demo_clock(c, next - 14);
        rc = store_edu_plan_set(c->s, t->id, EDU_TRACK_NONE, note, c->ei);
        day = next;
    }
    return rc;
}

static int demo_plans_insert(struct demo_ctx *c)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < c->ntrainees; i++)
        rc = demo_plan_insert(c, i);
    store_set_now(c->s,
                  (int64_t)date_to_days(c->opt->today) * 86400 + 8 * 3600);
    return rc;
}

/* ---- reviews of units, AT, BT and ST doctors, and their history ---- */

/* Appends UTF-8 text s to a PDF string: (, ) and \ escaped, the Latin-1
 * letters (å, ä, ö, é, ...) as WinAnsi octal escapes, an en dash as one. */
static void demo_pdf_text(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '(' || *p == ')' || *p == '\\') {
            buf_addf(b, "\\%c", *p);
        } else if (*p < 0x80) {
            buf_add(b, p, 1);
        } else if ((*p == 0xC2 || *p == 0xC3) && p[1] >= 0x80 && p[1] < 0xC0) {
            buf_addf(b, "\\%03o", (*p == 0xC3 ? 0xC0 : 0x80) + (p[1] - 0x80));
            p++;
        } else if (*p == 0xE2 && p[1] == 0x80 && p[2] == 0x93) {
            buf_adds(b, "\\226");
            p += 2;
        }
    }
}

/*
 * A one-page PDF (1.4, Helvetica) with a title and n lines: the report a
 * review in the demo keeps. Its cross-reference table has each object's
 * byte offset, as a reader expects. Returns the bytes (malloc'd) and *len.
 */
static char *demo_pdf(const char *title, const char *const *lines, int n,
                      size_t *len)
{
    struct buf text = BUF_INIT(0), b = BUF_INIT(0);
    buf_adds(&text, "BT /F1 16 Tf 72 770 Td (");
    demo_pdf_text(&text, title);
    buf_adds(&text, ") Tj /F1 11 Tf");
    for (int i = 0; i < n; i++) {
        buf_adds(&text, i == 0 ? " 0 -32 Td (" : " 0 -18 Td (");
        demo_pdf_text(&text, lines[i]);
        buf_adds(&text, ") Tj");
    }
    buf_adds(&text, " ET\n");
    size_t at[6];
    buf_adds(&b, "%PDF-1.4\n");
    at[1] = b.len;
    buf_adds(&b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    at[2] = b.len;
    buf_adds(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    at[3] = b.len;
    buf_adds(&b, "3 0 obj << /Type /Page /Parent 2 0 R "
                 "/MediaBox [0 0 595 842] /Contents 4 0 R "
                 "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
    at[4] = b.len;
    buf_addf(&b, "4 0 obj << /Length %zu >> stream\n", text.len);
    buf_add(&b, text.data, text.len);
    buf_adds(&b, "endstream endobj\n");
    at[5] = b.len;
    buf_adds(&b, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                 "/Encoding /WinAnsiEncoding >> endobj\n");
    size_t xref = b.len;
    buf_adds(&b, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i < 6; i++)
        buf_addf(&b, "%010zu 00000 n \n", at[i]);
    buf_addf(&b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
             xref);
    buf_release(&text);
    *len = b.len;
    return buf_detach(&b);
}

/* Records a review of kind at unit ui on day, recorded a few days later,
 * and now and then without its report. */
static int demo_review(struct demo_ctx *c, int ui, enum review_kind kind,
                       long day)
{
    static const char *const results[] = {"Godkänd", "Godkänd med anmärkningar",
                                          "Ej godkänd"};
    static const char *const notes[] = {
        "Utbildningsmiljön uppfyller kraven.",
        "Handledningen behöver schemaläggas; åtgärdsplan inom sex månader.",
        "Brister i handledning och utbildningsplaner; ny granskning om ett "
        "år."};
    long today = date_to_days(c->opt->today);
    const struct demo_unit *u = &c->units[ui];
    struct review r = {0};
    int roll = (int)rng_below(&c->rng, 100);
    r.unit_id = u->id;
    r.kind = kind;
    r.result = roll < 70   ? REVIEW_APPROVED
               : roll < 95 ? REVIEW_REMARKS
                           : REVIEW_NOT_APPROVED;
    demo_day_format(day, r.reviewed_on);
    snprintf(r.note, sizeof(r.note), "%s", notes[r.result]);
    if (kind == REVIEW_SPUR)
        snprintf(r.reviewer, sizeof(r.reviewer), "SPUR-inspektörer, Lipus");
    snprintf(r.recorded_by.name, sizeof(r.recorded_by.name), "%s, %.150s",
             kind == REVIEW_SPUR ? "Övergripande studierektor"
                                 : "Verksamhetschef",
             u->name);
    long recorded = day + rng_between(&c->rng, 0, 20);
    demo_clock(c, recorded < today ? recorded : today);
    int rc = store_review_insert(c->s, &r, c->ei);
    if (rc || rng_percent(&c->rng, 12))
        return rc;
    char who[STORE_NAME_MAX + 16], when[40], what[80];
    snprintf(who, sizeof(who), "Enhet: %s", u->name);
    snprintf(when, sizeof(when), "Datum: %s", r.reviewed_on);
    snprintf(what, sizeof(what), "Resultat: %s", results[r.result]);
    const char *lines[] = {who, when, what, r.note,
                           "Rapporten är skapad av Randas demoregion."};
    size_t len = 0;
    char *pdf = demo_pdf(kind == REVIEW_SPUR
                             ? "Extern granskning av ST-utbildningen (SPUR)"
                             : "STINS – självvärdering av ST-utbildningen",
                         lines, (int)DEMO_LEN(lines), &len);
    rc = store_review_report_set(c->s, r.id, pdf, len, c->ei);
    free(pdf);
    return rc;
}

/*
 * The reviews of a unit that trains ST-läkare: a STINS self-assessment
 * about every two years for six years back, late more often in the
 * earlier years (one unit in ten never made one), and an external review
 * (SPUR) in the last nine years at four units in five, repeated after five
 * years at most of them. Some are due or overdue today.
 */
static int demo_unit_reviews(struct demo_ctx *c, int ui)
{
    long today = date_to_days(c->opt->today);
    long lately = date_to_days((struct date){c->opt->today.year - 2, 1, 1});
    int rc = 0;
    if (rng_percent(&c->rng, 90)) {
        long day = today - rng_between(&c->rng, 1900, 2600);
        while (rc == 0 && day <= today) {
            rc = demo_review(c, ui, REVIEW_STINS, day);
            int late = rng_percent(&c->rng, day < lately ? 40 : 15);
            day += rng_between(&c->rng, 540, 720) +
                   (late ? rng_between(&c->rng, 150, 500) : 0);
        }
    }
    if (rc == 0 && rng_percent(&c->rng, 80)) {
        long day = today - rng_between(&c->rng, 200, 3300);
        rc = demo_review(c, ui, REVIEW_SPUR, day);
        long next = day + rng_between(&c->rng, 1640, 1900);
        if (rc == 0 && next <= today && rng_percent(&c->rng, 60))
            rc = demo_review(c, ui, REVIEW_SPUR, next);
    }
    return rc;
}

/* A day of year, at most today (days since 1970). */
static long demo_day_in(struct demo_ctx *c, int year)
{
    long from = date_to_days((struct date){year, 1, 1});
    long to = date_to_days((struct date){year, 12, 31});
    long today = date_to_days(c->opt->today);
    if (to > today)
        to = today;
    return from + rng_between(&c->rng, 0, (int)(to - from));
}

/* Writes a doctor's program with its days (0: none), capped at today. */
static int demo_program(struct demo_ctx *c, enum program_kind kind, int ui,
                        long start, long completed, long left, long returned)
{
    long today = date_to_days(c->opt->today);
    struct person p = {0};
    struct program pr = {0};
    int rc = demo_person_insert(c, &p.id);
    if (rc)
        return rc;
    pr.program = kind;
    pr.unit_id = c->units[ui].id;
    if (kind == PROGRAM_ST)
        pr.specialty_id = c->specs[c->units[ui].spec].id;
    demo_day_format(start, pr.start_date);
    if (completed && completed <= today)
        demo_day_format(completed, pr.completed_on);
    if (left && left <= today) {
        demo_day_format(left, pr.left_on);
        if (returned && returned <= today)
            demo_day_format(returned, pr.returned_on);
    }
    return store_program_create(c->s, &p, &pr, c->ei);
}

/*
 * What became of a doctor who completed on day completed: one who stays
 * (now and then leaving later than the day the figure looks at, years
 * after), or one who leaves before it, of whom one in eight comes back.
 * Writes the program of kind at unit ui.
 */
static int demo_outcome(struct demo_ctx *c, enum program_kind kind, int ui,
                        long start, long completed, int stays, int years)
{
    long left = 0, returned = 0, span = 365L * years;
    if (!stays) {
        left = completed + rng_between(&c->rng, 10, (int)span - 10);
        if (rng_percent(&c->rng, 12))
            returned = left + rng_between(&c->rng, 60, 900);
    } else if (rng_percent(&c->rng, 15)) {
        left = completed + span + rng_between(&c->rng, 30, 900);
    }
    return demo_program(c, kind, ui, start, completed, left, returned);
}

/* Whether the k-th of a cohort of n stays, so that pct percent do. */
static int demo_stays(int k, int n, int pct)
{
    return k * 100 < pct * n;
}

/*
 * The region's AT and BT doctors of the last ten years and its ST-läkare
 * who completed (or left) in the last eleven, before the region used
 * Randa: enough for the figures of five years to show their trends, more
 * of them staying in later years.
 */
static int demo_doctors(struct demo_ctx *c)
{
    int hospital[DEMO_UNIT_MAX], homes[DEMO_UNIT_MAX], nh = 0, nhome = 0;
    for (int u = 0; u < c->nunits; u++) {
        if (c->units[u].kind == UNIT_HOSPITAL_CLINIC)
            hospital[nh++] = u;
        if (c->units[u].ntrainees > 0)
            homes[nhome++] = u;
    }
    if (nh == 0 || nhome == 0)
        return 0;
    int year = c->opt->today.year, rc = 0;
    int nat = c->ntrainees / 25 > 3 ? c->ntrainees / 25 : 3;
    int nst = c->ntrainees / 30 > 2 ? c->ntrainees / 30 : 2;
    for (int i = 0; rc == 0 && i < 10; i++) {
        int y = year - 9 + i;
        for (int k = 0; rc == 0 && k < nat + nat / 3; k++) {
            int bt = k >= nat;
            int ui = bt && rng_percent(&c->rng, 40)
                         ? homes[rng_below(&c->rng, (uint32_t)nhome)]
                         : hospital[rng_below(&c->rng, (uint32_t)nh)];
            long done = demo_day_in(c, y);
            long start = done - rng_between(&c->rng, bt ? 360 : 540, 730);
            if (rng_percent(&c->rng, 4))
                rc = demo_program(c, bt ? PROGRAM_BT : PROGRAM_AT, ui, start, 0,
                                  done, 0);
            else
                rc =
                    demo_outcome(c, bt ? PROGRAM_BT : PROGRAM_AT, ui, start,
                                 done, demo_stays(k % nat, nat, 50 + 4 * i), 1);
        }
    }
    for (int i = 0; rc == 0 && i < 11; i++) {
        int y = year - 10 + i;
        for (int k = 0; rc == 0 && k < nst; k++) {
            int ui = homes[rng_below(&c->rng, (uint32_t)nhome)];
            long done = demo_day_in(c, y);
            long start = done - rng_between(&c->rng, 1830, 2400);
            if (rng_percent(&c->rng, 12 - i / 2))
                rc = demo_program(c, PROGRAM_ST, ui, start, 0, done,
                                  rng_percent(&c->rng, 20)
                                      ? done + rng_between(&c->rng, 60, 400)
                                      : 0);
            else
                rc = demo_outcome(c, PROGRAM_ST, ui, start, done,
                                  demo_stays(k, nst, 50 + 4 * i), 5);
        }
    }
    return rc;
}

/* The last step: reviews of every unit that trains ST-läkare, and the
 * region's doctors with what became of them (docs/demo-region.md). */
static int demo_figures_insert(struct demo_ctx *c)
{
    int rc = 0;
    for (int u = 0; rc == 0 && u < c->nunits; u++)
        if (c->units[u].ntrainees > 0)
            rc = demo_unit_reviews(c, u);
    demo_clock(c, date_to_days(c->opt->today));
    if (rc == 0)
        rc = demo_doctors(c);
    store_set_now(c->s,
                  (int64_t)date_to_days(c->opt->today) * 86400 + 8 * 3600);
    return rc;
}

/* ---- the documentation of past rotations ---- */

struct demo_rotation {
    int64_t id, need_id, unit_id, trainee_id;
    int start, end;
    char unit[STORE_NAME_MAX];
};

struct demo_rotations {
    struct demo_rotation *all;
    size_t n, cap;
    int from, to; /* rotations that ended in [from, to) */
};

static int demo_rotation_each(const struct booking_view *v, void *arg)
{
    struct demo_rotations *r = arg;
    if (v->b.end_week < r->from || v->b.end_week >= r->to)
        return 0;
    xgrow((void **)&r->all, &r->cap, r->n + 1, sizeof(*r->all));
    struct demo_rotation *d = &r->all[r->n++];
    d->id = v->b.id;
    d->need_id = v->b.need_id;
    d->unit_id = v->b.unit_id;
    d->trainee_id = v->b.trainee_id;
    d->start = v->b.start_week;
    d->end = v->b.end_week;
    snprintf(d->unit, sizeof(d->unit), "%s", v->unit_name);
    return 0;
}

/* Documents rotation d: introduction, a supervision meeting and an
 * assessment, the handledare's assessment of its goals (one rotation in
 * ten lacks it) and the trainee's feedback (one in eight lacks it, and
 * the demo ST-läkare has given none yet: theirs to give). */
static int demo_rotation_document(struct demo_ctx *c,
                                  const struct demo_rotation *d, int64_t kind,
                                  const struct feedback_form *f)
{
    long day0 = date_to_days(week_monday(d->start));
    long last = date_to_days(week_monday(d->end)) - 3;
    struct edu_by by = {0, ""};
    snprintf(by.name, sizeof(by.name), "Handledare, %.150s", d->unit);
    struct rotation_intro in = {d->id, "", "Introduktion och rundvandring"};
    demo_day_format(day0, in.held_on);
    demo_clock(c, day0);
    int rc = store_rotation_intro_set(c->s, &in, c->ei);
    struct supervision_meeting *m = xcalloc(1, sizeof(*m));
    m->booking_id = d->id;
    m->by = by;
    demo_day_format(day0 + (last - day0) / 2, m->held_on);
    snprintf(m->notes, sizeof(m->notes), "Avstämning mot placeringens mål");
    if (rc == 0)
        rc = store_meeting_insert(c->s, m, c->ei);
    free(m);
    struct need *n = xcalloc(1, sizeof(*n));
    struct assessment *a = xcalloc(1, sizeof(*a));
    if (rc == 0 && d->need_id)
        rc = store_need_get(c->s, d->need_id, n, c->ei);
    a->booking_id = d->id;
    a->kind_id = kind;
    a->by = by;
    demo_day_format(last - 7, a->held_on);
    if (n->ngoals)
        a->goal_ids[a->ngoals++] = n->goal_ids[0];
    if (rc == 0)
        rc = store_assessment_insert(c->s, a, c->ei);
    free(a);
    demo_clock(c, last + rng_between(&c->rng, 1, 10));
    for (int i = 0; rc == 0 && !rng_percent(&c->rng, 10) && i < n->ngoals;
         i++) {
        struct rotation_result r = {0};
        r.booking_id = d->id;
        r.goal_id = n->goal_ids[i];
        r.result = rng_percent(&c->rng, 80) ? RESULT_MET : RESULT_PARTLY;
        r.by = by;
        rc = store_rotation_result_set(c->s, &r, c->ei);
    }
    free(n);
    if (rc == 0 && !rng_percent(&c->rng, 12) &&
        d->trainee_id != c->demo_trainee) {
        struct feedback *fb = xcalloc(1, sizeof(*fb));
        fb->booking_id = d->id;
        fb->form_id = f->id;
        snprintf(fb->answers, sizeof(fb->answers),
                 "{\"intro\":%d,\"supervision\":%d,\"goals\":%d,"
                 "\"climate\":%d}",
                 rng_between(&c->rng, 2, 5), rng_between(&c->rng, 3, 5),
                 rng_between(&c->rng, 2, 5), rng_between(&c->rng, 3, 5));
        rc = store_feedback_submit(c->s, fb, c->ei);
        free(fb);
    }
    return rc;
}

static int demo_kind_first(const struct assessment_kind *k, void *arg)
{
    if (*(int64_t *)arg == 0)
        *(int64_t *)arg = k->id;
    return 0;
}

/* Documents the rotations that ended in the last two years. */
static int demo_docs_insert(struct demo_ctx *c)
{
    struct demo_rotations r = {NULL, 0, 0, c->tw - 104, c->tw};
    struct booking_filter bf = {.status = BOOKING_COMPLETED,
                                .from_week = STORE_NONE,
                                .to_week = STORE_NONE};
    int64_t total = 0, kind = 0;
    struct feedback_form *f = xcalloc(1, sizeof(*f));
    int rc = store_booking_list(c->s, &bf, -1, 0, demo_rotation_each, &r,
                                &total, c->ei);
    bf.status = BOOKING_CONFIRMED;
    if (rc == 0)
        rc = store_booking_list(c->s, &bf, -1, 0, demo_rotation_each, &r,
                                &total, c->ei);
    if (rc == 0)
        rc = store_assessment_kinds(c->s, demo_kind_first, &kind, c->ei);
    /* The region keeps the form Randa offers, as its version 1. */
    if (rc == 0)
        rc = store_feedback_form_get(c->s, c->region_id, f, c->ei);
    if (rc == 0)
        rc = store_feedback_form_set(c->s, f, c->ei);
    for (size_t i = 0; rc == 0 && i < r.n; i++)
        rc = demo_rotation_document(c, &r.all[i], kind, f);
    free(f);
    free(r.all);
    store_set_now(c->s,
                  (int64_t)date_to_days(c->opt->today) * 86400 + 8 * 3600);
    return rc;
}

/* ---- forms of rotation and agreements (issue 18) ---- */

/* The first unit of kind that takes trainees, skipping skip; -1 for none. */
static int demo_unit_of_kind(const struct demo_ctx *c, enum unit_kind kind,
                             int skip)
{
    for (int i = 0; i < c->nunits; i++)
        if (c->units[i].kind == kind && i != skip && c->units[i].cap_year)
            return i;
    return -1;
}

/*
 * A gaffel group and a tandem seat at hospital clinics, a training node
 * that takes two trainees at once, and agreements: the region's with a
 * private provider (per week, ryggsäcksmedel too), a primary-care centre's
 * with the training node (per month), and one without compensation.
 */
static int demo_forms_insert(struct demo_ctx *c)
{
    int rc = 0;
    int gaffel = demo_unit_of_kind(c, UNIT_HOSPITAL_CLINIC, -1);
    int tandem = demo_unit_of_kind(c, UNIT_HOSPITAL_CLINIC, gaffel);
    int node = demo_unit_of_kind(c, UNIT_TRAINING_NODE, -1);
    int priv = demo_unit_of_kind(c, UNIT_PRIVATE_CLINIC, -1);
    int home = -1;
    for (int i = 0; i < c->nunits && home < 0; i++)
        if (c->units[i].kind == UNIT_PRIMARY_CARE)
            home = i;
    if (gaffel >= 0) {
        struct rotation_form f = {.unit_id = c->units[gaffel].id,
                                  .kind = FORM_GAFFEL,
                                  .from_week = c->tw + 8,
                                  .to_week = c->tw + 60,
                                  .groups = 2,
                                  .size = 3,
                                  .needed = 2};
        snprintf(f.note, sizeof(f.note), "Gaffelmottagning, en handledare");
        rc = store_form_insert(c->s, &f, c->ei);
    }
    if (rc == 0 && tandem >= 0) {
        struct rotation_form f = {.unit_id = c->units[tandem].id,
                                  .kind = FORM_TANDEM,
                                  .from_week = c->tw + 12,
                                  .to_week = c->tw + 64,
                                  .groups = 1,
                                  .size = 2,
                                  .needed = 2};
        rc = store_form_insert(c->s, &f, c->ei);
    }
    if (rc == 0 && node >= 0) {
        struct unit_rule r = {c->units[node].id, 4, 13, 2};
        rc = store_unit_rule_set(c->s, &r, c->ei);
    }
    struct agreement *a = xcalloc(1, sizeof(*a));
    /* The options keep the year in 2000..2190: ten characters each. */
    char day[32];
    snprintf(day, sizeof(day), "%04d-01-01", c->opt->today.year - 1);
    memcpy(a->from_date, day, 11);
    snprintf(day, sizeof(day), "%04d-12-31", c->opt->today.year + 3);
    memcpy(a->to_date, day, 11);
    a->region_id = c->region_id;
    if (rc == 0 && priv >= 0) {
        a->host_provider_id = c->providers[c->units[priv].provider].id;
        a->terms = (struct cost_terms){COST_PER_WEEK, 400000, 0, 50000};
        a->salary_payer = COST_PAYER_HOME;
        snprintf(a->duties, sizeof(a->duties),
                 "Handledning varje vecka; bedömning av delmål vid slutet");
        rc = store_agreement_insert(c->s, a, c->ei);
    }
    if (rc == 0 && node >= 0 && home >= 0) {
        a->home_unit_id = c->units[home].id;
        a->host_provider_id = 0;
        a->host_unit_id = c->units[node].id;
        a->terms = (struct cost_terms){COST_PER_MONTH, 1200000, 0, 0};
        a->salary_payer = COST_PAYER_HOME;
        snprintf(a->duties, sizeof(a->duties),
                 "Utbildningsnod: tre dagar i veckan, en till tre månader");
        rc = store_agreement_insert(c->s, a, c->ei);
    }
    if (rc == 0 && tandem >= 0) {
        a->home_unit_id = 0;
        a->host_provider_id = 0;
        a->host_unit_id = c->units[tandem].id;
        a->terms = (struct cost_terms){COST_NONE, 0, 0, 0};
        a->salary_payer = COST_PAYER_REGION;
        a->duties[0] = '\0';
        rc = store_agreement_insert(c->s, a, c->ei);
    }
    free(a);
    return rc;
}

/* ---- what-if scenarios (issue 18, scenarios' UI) ---- */

/*
 * Two scenarios, not run: two more ST posts in adult psychiatry a year
 * from now (the growth docs/scenarios.md and the seeds foresee), and a
 * gaffel group added at the first hospital clinic for the next two years.
 * A scenario only holds its changes: no booking, need or seat is written.
 */
static int demo_scenarios(struct demo_ctx *c)
{
    int rc = 0;
    int psy = demo_spec_find(c, "psykiatri");
    int year = c->opt->today.year + 1;
    if (psy >= 0) {
        struct scenario sc = {.region_id = c->region_id, .time_limit = 10};
        snprintf(sc.name, sizeof(sc.name),
                 "Två ST-tjänster till i psykiatri från %d", year);
        char body[256];
        snprintf(body, sizeof(body),
                 "{\"extra\":2,\"kind\":\"more_posts\","
                 "\"specialty_id\":%lld,\"year\":%d}",
                 (long long)c->specs[psy].id, year);
        const char *kinds[] = {"more_posts"};
        const char *bodies[] = {body};
        rc = store_scenario_create(c->s, &sc, kinds, bodies, 1, c->ei);
    }
    int gaffel = demo_unit_of_kind(c, UNIT_HOSPITAL_CLINIC, -1);
    if (rc == 0 && gaffel >= 0) {
        struct scenario sc = {.region_id = c->region_id, .time_limit = 10};
        snprintf(sc.name, sizeof(sc.name), "En gaffelgrupp till på %.150s",
                 c->units[gaffel].name);
        char from[WEEK_STR_MAX], to[WEEK_STR_MAX], body[256];
        week_format(c->tw + 4, from);
        week_format(c->tw + 4 + 103, to);
        snprintf(body, sizeof(body),
                 "{\"form\":\"gaffel\",\"from_week\":\"%s\","
                 "\"kind\":\"add_group\",\"size\":3,"
                 "\"to_week\":\"%s\",\"unit_id\":%lld}",
                 from, to, (long long)c->units[gaffel].id);
        const char *kinds[] = {"add_group"};
        const char *bodies[] = {body};
        rc = store_scenario_create(c->s, &sc, kinds, bodies, 1, c->ei);
    }
    return rc;
}

/* ---- home units' budgets (issue 18: budget) ---- */

/* The home unit whose trainees' bookings cost the most in the year. */
struct demo_cost_top {
    int64_t unit[64], ore[64];
    int n;
};

static int demo_cost_add(const struct cost_row *r, void *arg)
{
    struct demo_cost_top *t = arg;
    int i = 0;
    while (i < t->n && t->unit[i] != r->home_unit_id)
        i++;
    if (i == t->n && t->n < 64)
        t->unit[t->n++] = r->home_unit_id;
    if (i < t->n)
        t->ore[i] += r->cost_ore;
    return 0;
}

/*
 * Budgets of the first primary-care centre (the home unit with the
 * training node's agreement): this year's as a weight of 10 points per
 * 1 000 kr over it, next year's as a hard limit, both well above what its
 * trainees' bookings cost; and this year's of the home unit whose
 * bookings cost the most, a quarter above that cost, as a weight of 5.
 * None is exceeded, so that the optimiser's demo runs place as before.
 */
static int demo_budgets(struct demo_ctx *c)
{
    int home = -1;
    for (int i = 0; i < c->nunits && home < 0; i++)
        if (c->units[i].kind == UNIT_PRIMARY_CARE)
            home = i;
    int year = c->opt->today.year;
    if (home < 0 || year + 1 > BUDGET_YEAR_MAX)
        return 0;
    struct unit_budget b = {.unit_id = c->units[home].id,
                            .year = year,
                            .amount_ore = 15000000,
                            .weight = 10};
    int rc = store_budget_set(c->s, &b, NULL, c->ei);
    b.year = year + 1;
    b.amount_ore = 25000000;
    b.weight = STORE_NONE;
    if (rc == 0)
        rc = store_budget_set(c->s, &b, NULL, c->ei);
    struct demo_cost_top *t = xcalloc(1, sizeof(*t));
    if (rc == 0)
        rc = store_costs(c->s, c->region_id, 0, year, year, demo_cost_add, t,
                         c->ei);
    int top = -1;
    for (int i = 0; i < t->n; i++)
        if (t->unit[i] != b.unit_id && t->ore[i] > 0 &&
            (top < 0 || t->ore[i] > t->ore[top]))
            top = i;
    if (rc == 0 && top >= 0) {
        /* A quarter above, in whole 1 000 kr. */
        int64_t amount = (t->ore[top] * 5 / 4 + 99999) / 100000 * 100000;
        struct unit_budget most = {.unit_id = t->unit[top],
                                   .year = year,
                                   .amount_ore = amount < BUDGET_AMOUNT_MAX
                                                     ? amount
                                                     : BUDGET_AMOUNT_MAX,
                                   .weight = 5};
        rc = store_budget_set(c->s, &most, NULL, c->ei);
    }
    free(t);
    return rc;
}

static int (*const demo_steps[])(struct demo_ctx *) = {
    demo_reference_load,  demo_specialties_read, demo_specialties_insert,
    demo_goals_insert,    demo_region_insert,    demo_providers_insert,
    demo_areas_insert,    demo_sites_insert,     demo_units_plan,
    demo_trainees_plan,   demo_units_insert,     demo_capacity_insert,
    demo_trainees_insert, demo_needs_plan,       demo_bookings_walk,
    demo_needs_insert,    demo_events_insert,    demo_users_insert,
    demo_plans_insert,    demo_docs_insert,      demo_figures_insert,
    demo_forms_insert, /* issue 18 */
    demo_scenarios,    /* issue 18, scenarios */
    demo_budgets,      /* issue 18, budget */
};

/* Checks the options before anything is written. */
static int demo_options_check(const struct demo_options *opt,
                              struct err_info *ei)
{
    if (!opt)
        return err_set(ei, ERR_INVAL, "options", "no options given");
    if (opt->trainees < 1 || opt->trainees > DEMO_TRAINEES_MAX)
        return err_set(ei, ERR_INVAL, "trainees", "must be 1..%d",
                       DEMO_TRAINEES_MAX);
    if (!date_valid(opt->today) || opt->today.year < 2000 ||
        opt->today.year > 2190)
        return err_set(ei, ERR_INVAL, "today",
                       "must be a valid date in years 2000..2190");
    return 0;
}

/* Sets up the context: the generator, today's week and the week range. */
static void demo_ctx_init(struct demo_ctx *c, struct store *s,
                          const struct demo_options *opt, struct err_info *ei)
{
    int week;
    c->s = s;
    c->ei = ei;
    c->opt = opt;
    rng_init(&c->rng, opt->seed);
    rng_init(&c->rng2, opt->seed ^ 0x9e3779b97f4a7c15u);
    c->tw = week_from_date(opt->today);
    week_to_iso(c->tw, &c->y1, &week);
    c->y0 = c->y1 - DEMO_PAST_YEARS;
    c->y1 += DEMO_AHEAD_YEARS;
    int wend;
    week_from_iso(c->y0, 1, &c->w0);
    week_from_iso(c->y1 + 1, 1, &wend);
    c->nweeks = wend - c->w0;
    c->ntrainees = opt->trainees;
}

/* Frees what the context holds. */
static void demo_ctx_release(struct demo_ctx *c)
{
    json_decref(c->ref);
    free(c->units);
    free(c->trainees);
    free(c->needs);
    free(c->events);
    free(c->seats);
    free(c->occ);
    free(c->away);
    free(c->pats);
    free(c->busy);
}

int demo_generate(struct store *s, const struct demo_options *opt,
                  struct err_info *ei)
{
    int rc = demo_options_check(opt, ei);
    if (rc)
        return rc;
    struct demo_ctx *c = xcalloc(1, sizeof(*c));
    demo_ctx_init(c, s, opt, ei);
    store_set_actor(s, "randa demo");
    store_set_now(s, (int64_t)date_to_days(opt->today) * 86400 + 8 * 3600);
    /* The region's history frees no seat-weeks anyone waits for: its
     * capacity was there before Randa (issue 14). */
    store_set_record_freed(s, 0);
    if ((rc = store_begin(s, ei)))
        goto out;
    for (size_t i = 0; !rc && i < DEMO_LEN(demo_steps); i++)
        rc = demo_steps[i](c);
    if (!rc)
        rc = store_commit(s, ei);
    if (rc)
        store_rollback(s);
out:
    store_set_record_freed(s, 1);
    demo_ctx_release(c);
    free(c);
    return rc;
}
