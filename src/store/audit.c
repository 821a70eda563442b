/*
 * The log of every write (audit_log): a row per insert, update or delete
 * with the record before and after, by whom and when. Every write of the
 * store's entity files calls store__audit() in its transaction.
 */
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store__audit(struct store *s, const char *entity, const char *action,
                 int64_t id, json_t *before, json_t *after, struct err_info *ei)
{
    struct audit a = {0};
    snprintf(a.actor, sizeof(a.actor), "%s", s->actor);
    snprintf(a.entity, sizeof(a.entity), "%s", entity);
    snprintf(a.action, sizeof(a.action), "%s", action);
    a.entity_id = id;
    a.before_json =
        before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    a.after_json =
        after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(before);
    json_decref(after);
    int rc = store_audit_insert(s, &a, ei);
    store_audit_release(&a);
    return rc;
}

int store_audit_insert(struct store *s, struct audit *a, struct err_info *ei)
{
    int rc = store__check_text(ei, "actor", a->actor, 1, sizeof(a->actor));
    if (rc == 0)
        rc = store__check_text(ei, "entity", a->entity, 1, sizeof(a->entity));
    if (rc == 0 && strcmp(a->action, "insert") != 0 &&
        strcmp(a->action, "update") != 0 && strcmp(a->action, "delete") != 0)
        rc = err_set(ei, ERR_INVAL, "action",
                     "action: must be insert, update or delete");
    if (rc == 0 && !a->before_json && !a->after_json)
        rc = err_set(ei, ERR_INVAL, "after_json",
                     "after_json: an audit row needs before or after");
    if (rc)
        return rc;
    store__timestamp(s, a->at);
    /* import_id: the import the write belongs to (0 binds NULL). */
    return store__exec(s, ei, &a->id,
                       "INSERT INTO audit_log (at, actor, entity, entity_id, "
                       "action, before_json, after_json, import_id) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       "tttltTTd", a->at, a->actor, a->entity, a->entity_id,
                       a->action, a->before_json, a->after_json, s->import_id);
}

int store_audit_get(struct store *s, int64_t id, struct audit *out,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, at, actor, entity, entity_id, action, "
                          "before_json, after_json FROM audit_log "
                          "WHERE id = ?",
                          "l", id);
    memset(out, 0, sizeof(*out));
    if (rc == 0 && (rc = store__step_one(s, st, ei, "audit row", id)) == 0) {
        const char *before = store__col_text(st, 6);
        const char *after = store__col_text(st, 7);
        out->id = store__col_int64(st, 0);
        store__column_text(st, 1, out->at, sizeof(out->at));
        store__column_text(st, 2, out->actor, sizeof(out->actor));
        store__column_text(st, 3, out->entity, sizeof(out->entity));
        out->entity_id = store__col_int64(st, 4);
        store__column_text(st, 5, out->action, sizeof(out->action));
        out->before_json = before ? xstrdup((const char *)before) : NULL;
        out->after_json = after ? xstrdup((const char *)after) : NULL;
    }
    store__finalize(st);
    return rc;
}

void store_audit_release(struct audit *a)
{
    free(a->before_json);
    free(a->after_json);
    a->before_json = NULL;
    a->after_json = NULL;
}
