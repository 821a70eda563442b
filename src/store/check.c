/* Field validation for the store's writes, naming the field that fails. */
#include "store/store_impl.h"

#include "domain/week.h"

#include <string.h>

int store__check_text(struct err_info *ei, const char *field, const char *v,
                      size_t min, size_t size)
{
    size_t n = strnlen(v, size);
    if (n == size || n < min)
        return err_set(ei, ERR_INVAL, field, "%s: must be %zu to %zu bytes",
                       field, min, size - 1);
    return 0;
}

int store__check_date(struct err_info *ei, const char *field, const char *v)
{
    struct date d;
    if (strnlen(v, STORE_DATE_MAX) == STORE_DATE_MAX || date_parse(v, &d))
        return err_set(ei, ERR_INVAL, field,
                       "%s: must be a date written YYYY-MM-DD", field);
    return 0;
}

int store__check_opt_date(struct err_info *ei, const char *field, const char *v)
{
    return v[0] == '\0' ? 0 : store__check_date(ei, field, v);
}

int store__check_vocab(struct err_info *ei, const char *field,
                       const struct vocab *vocab, int value)
{
    if (!vocab_name(vocab, value))
        return err_set(ei, ERR_INVAL, field, "%s: not a known %s", field,
                       vocab->what);
    return 0;
}

int store__check_range(struct err_info *ei, const char *field, int v, int lo,
                       int hi)
{
    if (v < lo || v > hi)
        return err_set(ei, ERR_INVAL, field, "%s: must be %d to %d", field, lo,
                       hi);
    return 0;
}

/* "SE" + 10 digits + "-" + [A-Za-z0-9]+, at most 31 characters. */
int store__check_hsa_id(struct err_info *ei, const char *field, const char *v)
{
    size_t n = strnlen(v, STORE_HSA_MAX);
    int ok = n >= 14 && n < STORE_HSA_MAX && v[0] == 'S' && v[1] == 'E' &&
             v[12] == '-';
    for (size_t i = 2; ok && i < 12; i++)
        ok = v[i] >= '0' && v[i] <= '9';
    for (size_t i = 13; ok && i < n; i++)
        ok = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'Z') ||
             (v[i] >= 'a' && v[i] <= 'z');
    if (!ok)
        return err_set(ei, ERR_INVAL, field,
                       "%s: must be SE, a 10-digit organisation number, '-' "
                       "and letters or digits, at most 31 characters",
                       field);
    return 0;
}

int store__insert_links(struct store *s, struct err_info *ei, const char *sql,
                        int64_t parent_id, const int64_t *ids, int n)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        rc = store__exec(s, ei, NULL, sql, "ll", parent_id, ids[i]);
    return rc;
}

int store__unit_covers(const struct unit *u, const int64_t *goals, int n)
{
    if (n <= 0)
        return 0;
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int j = 0; j < u->ngoals && !found; j++)
            found = u->goal_ids[j] == goals[i];
        if (!found)
            return 0;
    }
    return 1;
}

json_t *store__ids_json(const int64_t *ids, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

int store__select_links(struct store *s, struct err_info *ei, const char *sql,
                        int64_t parent_id, int64_t *ids, int *n)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, sql, "l", parent_id);
    if (rc)
        return rc;
    *n = 0;
    int step;
    while ((step = store__step(st)) == STORE_ROW && *n < STORE_LIST_MAX)
        ids[(*n)++] = store__col_int64(st, 0);
    if (step != STORE_ROW && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store__name_failure(struct err_info *ei, int rc, const char *unique,
                        const char *refs)
{
    if (rc == ERR_CONFLICT && unique)
        return err_set(ei, rc, unique, "%s: already taken", unique);
    if (rc == ERR_NOTFOUND && refs)
        return err_set(ei, rc, refs, "%s: refers to a row that does not exist",
                       refs);
    return rc;
}
