/*
 * Swaps of places between regions (exchange/swap.h): the exact packing of
 * 2- and 3-cycles that maximises the weeks exchanged, and the messages'
 * parser (exchange/xmsg.h) on what a peer may send.
 */
#include "exchange/swap.h"
#include "exchange/xmsg.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Specialties as numbers. */
enum { PSY, PED, SUR, URO };

static int weeks_of(const struct swap_cycle *c, int n)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        w += c[i].weeks;
    return w;
}

Test(swap, two_regions_that_need_what_the_other_gives_make_a_2_cycle)
{
    struct swap_item offers[] = {{0, PSY, 10, 1}, {1, PED, 10, 1}};
    struct swap_item wants[] = {{0, PED, 8, 1}, {1, PSY, 8, 1}};
    struct swap_cycle *c;
    int n, optimal;
    cr_assert_eq(swap_find(offers, 2, wants, 2, &c, &n, &optimal), 0);
    cr_assert_eq(n, 1);
    cr_assert(optimal);
    cr_assert_eq(c[0].n, 2);
    cr_assert_eq(c[0].weeks, 16);
    free(c);
}

Test(swap, a_rotation_shorter_than_the_need_fills_nothing)
{
    struct swap_item offers[] = {{0, PSY, 6, 1}, {1, PED, 10, 1}};
    struct swap_item wants[] = {{0, PED, 8, 1}, {1, PSY, 8, 1}};
    struct swap_cycle *c;
    int n, optimal;
    swap_find(offers, 2, wants, 2, &c, &n, &optimal);
    cr_assert_eq(n, 0);
    cr_assert_null(c);
}

Test(swap, three_regions_in_a_ring_make_a_3_cycle)
{
    struct swap_item offers[] = {
        {0, PSY, 12, 1}, {1, PED, 12, 1}, {2, SUR, 12, 1}};
    struct swap_item wants[] = {
        {1, PSY, 12, 1}, {2, PED, 12, 1}, {0, SUR, 12, 1}};
    struct swap_cycle *c;
    int n, optimal;
    swap_find(offers, 3, wants, 3, &c, &n, &optimal);
    cr_assert_eq(n, 1);
    cr_assert_eq(c[0].n, 3);
    cr_assert_eq(c[0].weeks, 36);
    /* Each region gives once and receives once. */
    int gives[3] = {0}, gets[3] = {0};
    for (int i = 0; i < 3; i++) {
        gives[offers[c[0].legs[i].offer].region]++;
        gets[wants[c[0].legs[i].want].region]++;
    }
    for (int r = 0; r < 3; r++)
        cr_assert(gives[r] == 1 && gets[r] == 1);
    free(c);
}

Test(swap, the_packing_maximises_weeks_not_cycles)
{
    /* Region 0's one psychiatry seat can go in a 2-cycle with region 1
     * (8 + 8 weeks) or a 3-cycle with regions 1 and 2 (3 x 20 weeks):
     * greedy by cycle count would take either; the weeks say the ring. */
    struct swap_item offers[] = {
        {0, PSY, 20, 1}, {1, PED, 20, 1}, {2, SUR, 20, 1}, {1, URO, 8, 1}};
    struct swap_item wants[] = {
        {1, PSY, 20, 1}, {2, PED, 20, 1}, {0, SUR, 20, 1}, {0, URO, 8, 1}};
    struct swap_cycle *c;
    int n, optimal;
    swap_find(offers, 4, wants, 4, &c, &n, &optimal);
    cr_assert(optimal);
    cr_assert_eq(weeks_of(c, n), 60);
    cr_assert_eq(n, 1);
    free(c);
}

Test(swap, seats_are_never_used_more_than_offered)
{
    /* Two seats each way: two 2-cycles, not more. */
    struct swap_item offers[] = {{0, PSY, 10, 2}, {1, PED, 10, 2}};
    struct swap_item wants[] = {{0, PED, 10, 5}, {1, PSY, 10, 5}};
    struct swap_cycle *c;
    int n, optimal;
    swap_find(offers, 2, wants, 2, &c, &n, &optimal);
    cr_assert_eq(n, 2);
    cr_assert_eq(weeks_of(c, n), 40);
    free(c);
}

Test(swap, a_region_never_swaps_with_itself)
{
    struct swap_item offers[] = {{0, PSY, 10, 1}, {0, PED, 10, 1}};
    struct swap_item wants[] = {{0, PED, 8, 1}, {0, PSY, 8, 1}};
    struct swap_cycle *c;
    int n, optimal;
    swap_find(offers, 2, wants, 2, &c, &n, &optimal);
    cr_assert_eq(n, 0);
}

static const char catalog[] =
    "{\"v\":1,\"id\":\"0123456789abcdef0123456789abcdef\",\"from\":\"halland\","
    "\"to\":\"skane\",\"kind\":\"catalog\",\"sent_at\":1796500000,\"body\":{"
    "\"offers\":[],\"wants\":[{\"id\":3,\"specialty\":\"kirurgi\","
    "\"specialty_name\":\"Kirurgi\",\"weeks\":8,\"seats\":1}]}}";

Test(xmsg, a_well_formed_catalogue_is_taken)
{
    struct xmsg m;
    struct err_info ei = {0};
    cr_assert_eq(xmsg_parse(catalog, strlen(catalog), &m, &ei), 0, "%s",
                 ei.msg);
    cr_assert_eq(m.kind, XMSG_CATALOG);
    cr_assert_str_eq(m.from, "halland");
    xmsg_release(&m);
}

/* Parses text; the field it was refused for, "" when taken. */
static const char *refused_for(const char *text)
{
    static struct err_info ei;
    struct xmsg m;
    memset(&ei, 0, sizeof(ei));
    if (xmsg_parse(text, strlen(text), &m, &ei) == 0) {
        xmsg_release(&m);
        return "";
    }
    return ei.field;
}

Test(xmsg, a_field_about_a_person_is_refused_by_its_name)
{
    char text[600];
    snprintf(text, sizeof(text), "%.*s,\"name\":\"Anna\"}",
             (int)strlen(catalog) - 1, catalog);
    cr_assert_str_eq(refused_for(text), "name");
}

Test(xmsg, a_request_carries_only_the_needs_shape)
{
    const char *ok =
        "{\"v\":1,\"id\":\"1123456789abcdef0123456789abcdef\",\"from\":"
        "\"blekinge\",\"to\":\"halland\",\"kind\":\"request\",\"sent_at\":1,"
        "\"body\":{\"ref\":\"aa23456789abcdef0123456789abcdef\",\"offer\":4,"
        "\"specialty\":\"psykiatri\",\"goals\":[],\"start_week\":\"2031-W12\","
        "\"weeks\":10,\"pattern\":\"full\"}}";
    cr_assert_str_eq(refused_for(ok), "");
    const char *trainee =
        "{\"v\":1,\"id\":\"1123456789abcdef0123456789abcdef\",\"from\":"
        "\"blekinge\",\"to\":\"halland\",\"kind\":\"request\",\"sent_at\":1,"
        "\"body\":{\"ref\":\"aa23456789abcdef0123456789abcdef\",\"offer\":4,"
        "\"specialty\":\"psykiatri\",\"goals\":[],\"start_week\":\"2031-W12\","
        "\"weeks\":10,\"pattern\":\"full\",\"email\":\"a@b.se\"}}";
    cr_assert_str_eq(refused_for(trainee), "body.email");
}

Test(xmsg, a_swap_that_is_no_cycle_is_refused)
{
    const char *text =
        "{\"v\":1,\"id\":\"4123456789abcdef0123456789abcdef\",\"from\":"
        "\"halland\",\"to\":\"blekinge\",\"kind\":\"swap.propose\",\"sent_at\""
        ":1,\"body\":{\"uid\":\"bb23456789abcdef0123456789abcdef\",\"weeks\":"
        "16,\"legs\":[{\"giver\":\"halland\",\"receiver\":\"blekinge\","
        "\"offer\":1,\"want\":2,\"specialty\":\"x\",\"weeks\":8},{\"giver\":"
        "\"blekinge\",\"receiver\":\"kronoberg\",\"offer\":3,\"want\":4,"
        "\"specialty\":\"y\",\"weeks\":8}]}}";
    cr_assert_str_eq(refused_for(text), "body.legs");
}

Test(xmsg, ids_codes_and_kinds_are_checked)
{
    cr_assert_str_eq(refused_for("[]"), "message");
    cr_assert_str_eq(refused_for("{\"v\":1,"), "message");
    char text[600];
    snprintf(text, sizeof(text), "%s", catalog);
    memcpy(strstr(text, "0123456789abcdef"), "XYZ", 3);
    cr_assert_str_eq(refused_for(text), "id");
    snprintf(text, sizeof(text), "%s", catalog);
    memcpy(strstr(text, "halland"), "HALLAN", 6);
    cr_assert_str_eq(refused_for(text), "from");
}
