/*
 * randa scenario: what-if scenarios from the command line (issue 18):
 * list, create from a JSON file of changes, run, compare, delete. The
 * same scenarios as /api/v1/scenarios; running one never touches a
 * booking.
 */
#include "cmd/cmd.h"

#include "plan/job.h"
#include "plan/scenario.h"
#include "store/ref.h"
#include "store/scenarios.h"
#include "store/store.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char scenario_usage[] =
    "usage: randa scenario --db FILE|URL list\n"
    "       randa scenario --db FILE|URL create FILE.json\n"
    "       randa scenario --db FILE|URL run ID\n"
    "       randa scenario --db FILE|URL compare ID\n"
    "       randa scenario --db FILE|URL delete ID\n"
    "\n"
    "What-if scenarios: a region's planning data with changes, planned\n"
    "beside the same data without them. FILE.json is {\"name\",\n"
    "\"region_id\" (default: the only region), \"specialty_id\",\n"
    "\"time_limit\" (seconds per run, default 10), \"changes\": [...]};\n"
    "docs/scenarios.md lists the kinds of change. 'run' plans the baseline\n"
    "and the scenario here and stores both summaries; 'compare' prints them\n"
    "as JSON. Live bookings are never changed.\n"
    "\n"
    "Exit status: 0 done, 1 failed, 2 bad usage.\n";

static int only_region(const struct region *r, void *arg)
{
    *(int64_t *)arg = r->id;
    return 0;
}

static int scenario_print(const struct scenario *sc, void *arg)
{
    (void)arg;
    printf("%lld\t%s\t%s\t%d changes\t%s\n", (long long)sc->id, sc->status,
           sc->created_at, sc->nchanges, sc->name);
    return 0;
}

static int scenario_create(struct store *s, const char *path,
                           struct err_info *ei)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        return err_set(ei, ERR_INVAL, "file", "%s: not a JSON object: %s", path,
                       je.text);
    }
    struct scenario sc = {0};
    const char *name = json_string_value(json_object_get(doc, "name"));
    snprintf(sc.name, sizeof(sc.name), "%s", name ? name : "");
    sc.region_id = json_integer_value(json_object_get(doc, "region_id"));
    sc.specialty_id = json_integer_value(json_object_get(doc, "specialty_id"));
    json_t *tl = json_object_get(doc, "time_limit");
    sc.time_limit = tl ? (int)json_integer_value(tl) : 10;
    json_t *changes = json_object_get(doc, "changes");
    int rc = 0;
    int64_t total = 0;
    if (!sc.region_id &&
        (rc = store_region_list(s, -1, 0, only_region, &sc.region_id, &total,
                                ei)) == 0 &&
        total != 1)
        rc = err_set(ei, ERR_INVAL, "region_id",
                     "region_id: required, the database holds %lld regions",
                     (long long)total);
    if (rc == 0 && !json_is_array(changes))
        rc = err_set(ei, ERR_INVAL, "changes", "changes: must be an array");
    size_t n = rc ? 0 : json_array_size(changes);
    const char **kinds = calloc(n + 1, sizeof(*kinds));
    char **bodies = calloc(n + 1, sizeof(*bodies));
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *c = json_array_get(changes, i);
        rc = plan_scenario_check(c, (int)i, ei);
        if (rc == 0) {
            kinds[i] = json_string_value(json_object_get(c, "kind"));
            bodies[i] = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
        }
    }
    if (rc == 0)
        rc = store_scenario_create(s, &sc, kinds, (const char *const *)bodies,
                                   (int)n, ei);
    if (rc == 0)
        printf("scenario %lld created: %s\n", (long long)sc.id, sc.name);
    for (size_t i = 0; i < n; i++)
        free(bodies[i]);
    free(bodies);
    free(kinds);
    json_decref(doc);
    return rc;
}

static int scenario_compare(struct store *s, int64_t id, struct err_info *ei)
{
    struct scenario sc;
    struct buf out = BUF_INIT(0);
    int rc = store_scenario_get(s, id, &sc, ei);
    if (rc == 0)
        rc = store_scenario_results(s, id, &out, ei);
    if (rc == 0)
        printf("%s\n", out.data);
    buf_release(&out);
    return rc;
}

int cmd_scenario(int argc, char **argv)
{
    const char *db = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(scenario_usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else
            break;
    }
    const char *verb = i < argc ? argv[i] : NULL;
    const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
    int needs_arg = verb && strcmp(verb, "list") != 0;
    if (!db || !verb || (needs_arg && !arg)) {
        fputs(scenario_usage, stderr);
        return 2;
    }
    int64_t id = arg ? strtoll(arg, NULL, 10) : 0;
    struct store *s = NULL;
    struct err_info ei = {0};
    if (store_open(db, 0, &s, &ei) != 0) {
        fprintf(stderr, "randa scenario: %s\n", ei.msg);
        return 1;
    }
    store_set_actor(s, "randa scenario");
    int rc = 0;
    if (strcmp(verb, "list") == 0) {
        int64_t total = 0;
        rc = store_scenario_list(s, -1, 0, scenario_print, NULL, &total, &ei);
    } else if (strcmp(verb, "create") == 0) {
        rc = scenario_create(s, arg, &ei);
    } else if (strcmp(verb, "run") == 0) {
        struct scenario sc;
        rc = store_scenario_start(s, id, 1, &sc, &ei);
        if (rc == 0)
            rc = plan_scenario_run(s, id, plan_this_week(), &ei);
        if (rc == 0)
            rc = scenario_compare(s, id, &ei);
    } else if (strcmp(verb, "compare") == 0) {
        rc = scenario_compare(s, id, &ei);
    } else if (strcmp(verb, "delete") == 0) {
        rc = store_scenario_delete(s, id, &ei);
        if (rc == 0)
            printf("scenario %lld deleted\n", (long long)id);
    } else {
        store_close(s);
        fputs(scenario_usage, stderr);
        return 2;
    }
    if (rc)
        fprintf(stderr, "randa scenario: %s\n", ei.msg);
    store_close(s);
    return rc ? 1 : 0;
}
