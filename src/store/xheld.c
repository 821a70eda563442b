/*
 * Seats of this region's units held for other regions (issue 17): a request
 * from a peer accepted, or a swap leg approved or booked. Each holds one seat
 * of its offer's unit, which the unit's own capacity must count as taken,
 * so that a seat is never given twice: the place overview, the local
 * booking's seat check, the weeks a period can lose and the planning
 * problem all read them from here.
 *
 * A request holds its weeks from its start, as a full-time trainee of its
 * pattern (the guest region never tells the trainee's fte). A swap's seat
 * has no weeks yet (the receiving region places a trainee of its own on it
 * later), so it holds one seat over the whole offer.
 */
#include "store/store_impl.h"

#include "domain/pattern.h"

#include <string.h>

/* Requests run at most this many weeks past their start (alternate, or
 * half of 104 weeks); the query keeps the rows that may reach from. */
#define XHELD_SPAN_MAX 210

int store__xheld_each(struct store *s, int64_t region_id, int64_t unit_id,
                      int from, int to,
                      int (*each)(const struct store_xheld *h, void *arg),
                      void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT r.id, o.unit_id, CASE WHEN r.swap_id IS NULL THEN 0 ELSE 1 "
        "END, r.start_week, r.weeks, r.pattern, o.from_week, o.to_week "
        "FROM xrequest r JOIN xoffer o ON o.id = r.offer_id "
        "JOIN unit u ON u.id = o.unit_id "
        "WHERE r.direction = 'in' AND (r.status = 'accepted' OR "
        "(r.status = 'requested' AND r.swap_id IS NOT NULL)) "
        "AND (?1 = 0 OR u.region_id = ?1) AND (?2 = 0 OR o.unit_id = ?2) "
        "AND ((r.swap_id IS NULL AND r.start_week < ?4 "
        "AND r.start_week > ?3) OR (r.swap_id IS NOT NULL "
        "AND o.from_week < ?4 AND o.to_week > ?5)) "
        "ORDER BY o.unit_id, r.id",
        "lliii", region_id, unit_id, from - XHELD_SPAN_MAX, to, from);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct store_xheld h;
        memset(&h, 0, sizeof(h));
        h.id = store__col_int64(st, 0);
        h.unit_id = store__col_int64(st, 1);
        h.pattern = PATTERN_FULL;
        if (store__col_int(st, 2)) {
            h.start_week = store__col_int(st, 6);
            h.end_week = store__col_int(st, 7);
        } else {
            pattern_parse(store__col_text(st, 5), &h.pattern);
            int len = pattern_len(h.pattern, store__col_int(st, 4), 100);
            h.start_week = store__col_int(st, 3);
            h.end_week = h.start_week + (len > 0 ? len : 1);
        }
        if (h.end_week > from && h.start_week < to)
            rc = each(&h, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
