/*
 * The restricted master of column generation (colgen.h), on COIN-OR's CLP
 * (Debian's coinor-libclp-dev).
 *
 * Seat and away rows are scaled to seats (occupancy / 100), so that the
 * coefficients are 1, 0.6 or 0.5 and the right-hand sides small integers.
 */
#include "solver/colgen.h"

#include "solver/search.h"
#include "util/xalloc.h"

#include <Clp_C_Interface.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct solver__master {
    const struct solver_problem *p;
    Clp_Simplex *lp;
    size_t cells;
    int *seat_row, *away_row; /* per unit-week: row index, or -1 */
    /* rows */
    int nrows;
    size_t cap_rows;
    double *row_up; /* upper bounds (convexity rows: 1, equality) */
    double *y;      /* the last LP's duals */
    /* columns, also kept here: CLP gets them only in its rows */
    int ncols;
    size_t cap_cols;
    int *col_t;
    size_t *col_pl; /* offset of its placements in pl */
    double *col_cost;
    CoinBigIndex *col_start; /* ncols + 1 */
    int *idx;
    double *val;
    size_t nnz, cap_nnz;
    struct solver_placement *pl;
    size_t npl, cap_pl;
    /* known columns: hashes, open addressing */
    uint64_t *hash;
    size_t cap_hash, nhash;
    /* scratch for one column */
    int *s_rows;
    double *s_vals;
    int *s_pos; /* per row: position in s_rows, or -1 */
    size_t cap_s, cap_pos;
    int lp_solved;
    int lp_rows, lp_cols; /* how many of the rows and columns CLP has */
    int *lp_of;           /* per row: its index in CLP, or -1 */
};

/* splitmix64's finaliser: every bit of x moves every bit of the result. */
static uint64_t mc_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t mc_hash(const struct solver_problem *p, int t,
                        const struct solver_placement *at)
{
    const struct solver_trainee *pt = &p->trainees[t];
    uint64_t h = mc_mix(0x9e3779b97f4a7c15ull + (uint64_t)(unsigned)t);
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_placement *a = &at[n];
        uint64_t v = a->assigned ? ((uint64_t)(unsigned)a->option << 48) ^
                                       ((uint64_t)(unsigned)a->unit << 20) ^
                                       (uint64_t)(unsigned)(a->start + 1)
                                 : 0;
        h = mc_mix(h ^ mc_mix(v + 0x632be59bd9b4e019ull));
    }
    return h ? h : 1;
}

/* Inserts h; returns 0 when it was there. */
static int mc_hash_insert(struct solver__master *m, uint64_t h)
{
    if (2 * (m->nhash + 1) > m->cap_hash) {
        size_t cap = m->cap_hash ? 2 * m->cap_hash : 4096;
        uint64_t *old = m->hash;
        size_t oldcap = m->cap_hash;
        m->hash = xcalloc(cap, sizeof(uint64_t));
        m->cap_hash = cap;
        m->nhash = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                mc_hash_insert(m, old[i]);
        free(old);
    }
    size_t i = (size_t)(h % m->cap_hash);
    while (m->hash[i]) {
        if (m->hash[i] == h)
            return 0;
        i = (i + 1) % m->cap_hash;
    }
    m->hash[i] = h;
    m->nhash++;
    return 1;
}

static void mc_grow_rows(struct solver__master *m, size_t want)
{
    if (want <= m->cap_rows)
        return;
    size_t cap = m->cap_rows ? m->cap_rows : 1024;
    while (cap < want)
        cap *= 2;
    m->row_up = xrealloc(m->row_up, cap * sizeof(double));
    m->y = xrealloc(m->y, cap * sizeof(double));
    m->s_pos = xrealloc(m->s_pos, cap * sizeof(int));
    m->lp_of = xrealloc(m->lp_of, cap * sizeof(int));
    for (size_t i = m->cap_rows; i < cap; i++) {
        m->y[i] = 0;
        m->lp_of[i] = -1;
        m->s_pos[i] = -1;
    }
    m->cap_rows = cap;
}

struct solver__master *solver__master_new(const struct solver_problem *p)
{
    struct solver__master *m = xcalloc(1, sizeof(*m));
    m->p = p;
    m->cells = (size_t)p->nunits * (size_t)p->weeks + 1;
    m->seat_row = xmalloc(m->cells * sizeof(int));
    m->away_row = xmalloc(m->cells * sizeof(int));
    for (size_t i = 0; i < m->cells; i++)
        m->seat_row[i] = m->away_row[i] = -1;
    m->lp = Clp_newModel();
    Clp_setLogLevel(m->lp, 0);
    /* One convexity row per trainee: sum of its columns = 1. */
    int nt = p->ntrainees;
    mc_grow_rows(m, (size_t)nt + 1);
    double *lo = xmalloc(((size_t)nt + 1) * sizeof(double));
    CoinBigIndex *starts = xcalloc((size_t)nt + 2, sizeof(CoinBigIndex));
    for (int t = 0; t < nt; t++)
        lo[t] = m->row_up[t] = 1;
    Clp_addRows(m->lp, nt, lo, m->row_up, starts, NULL, NULL);
    m->nrows = m->lp_rows = nt;
    for (int t = 0; t < nt; t++)
        m->lp_of[t] = t;
    free(lo);
    free(starts);
    m->col_start = xcalloc(1, sizeof(CoinBigIndex));
    m->cap_cols = 0;
    return m;
}

void solver__master_free(struct solver__master *m)
{
    if (!m)
        return;
    Clp_deleteModel(m->lp);
    free(m->seat_row);
    free(m->away_row);
    free(m->row_up);
    free(m->y);
    free(m->lp_of);
    free(m->col_t);
    free(m->col_pl);
    free(m->col_cost);
    free(m->col_start);
    free(m->idx);
    free(m->val);
    free(m->pl);
    free(m->hash);
    free(m->s_rows);
    free(m->s_vals);
    free(m->s_pos);
    free(m);
}

int solver__master_columns(const struct solver__master *m)
{
    return m->ncols;
}

/* Adds v to row r of the scratch column. */
static int mc_scratch_add(struct solver__master *m, int n, int r, double v)
{
    if (m->s_pos[r] >= 0) {
        m->s_vals[m->s_pos[r]] += v;
        return n;
    }
    if ((size_t)n + 1 > m->cap_s) {
        size_t cap = m->cap_s ? 2 * m->cap_s : 256;
        m->s_rows = xrealloc(m->s_rows, cap * sizeof(int));
        m->s_vals = xrealloc(m->s_vals, cap * sizeof(double));
        m->cap_s = cap;
    }
    m->s_rows[n] = r;
    m->s_vals[n] = v;
    m->s_pos[r] = n;
    return n + 1;
}

/*
 * The rows of trainee t's schedule at, into the scratch column. With make,
 * missing seat and away rows are made (in the LP too); without, cells with
 * no row are left out (their dual is 0). Returns the number of entries.
 */
static int mc_column(struct solver__master *m, int t,
                     const struct solver_placement *at, int make)
{
    const struct solver_problem *p = m->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int limited = p->units[pt->home].max_away != SOLVER_NONE;
    int n = mc_scratch_add(m, 0, t, 1.0);
    for (int k = pt->first_need; k < pt->first_need + pt->nneeds; k++) {
        const struct solver_placement *a = &at[k];
        if (!a->assigned)
            continue;
        const struct solver_need_option *po = &p->needs[k].options[a->option];
        for (int j = 0; j < po->len && a->start + j < p->weeks; j++) {
            int q = solver__occ(po, j);
            if (q == 0)
                continue;
            int w = a->start + j;
            for (int away = 0; away < 1 + limited; away++) {
                size_t c =
                    (size_t)(away ? pt->home : a->unit) * (size_t)p->weeks +
                    (size_t)w;
                int *rowof = away ? m->away_row : m->seat_row;
                if (rowof[c] < 0) {
                    if (!make)
                        continue;
                    double up = away ? p->units[pt->home].max_away
                                     : p->units[a->unit].seats[w];
                    mc_grow_rows(m, (size_t)m->nrows + 1);
                    m->row_up[m->nrows] = up;
                    rowof[c] = m->nrows++;
                }
                n = mc_scratch_add(m, n, rowof[c], q / 100.0);
            }
        }
    }
    for (int i = 0; i < n; i++)
        m->s_pos[m->s_rows[i]] = -1;
    return n;
}

int solver__master_add(struct solver__master *m, int t,
                       const struct solver_placement *at)
{
    const struct solver_problem *p = m->p;
    const struct solver_trainee *pt = &p->trainees[t];
    if (!mc_hash_insert(m, mc_hash(p, t, at)))
        return 0;
    int n = mc_column(m, t, at, 1);
    double cost = (double)solver__trainee_score(p, at, t);
    if ((size_t)m->ncols + 2 > m->cap_cols) {
        size_t cap = m->cap_cols ? 2 * m->cap_cols : 4096;
        m->col_t = xrealloc(m->col_t, cap * sizeof(int));
        m->col_pl = xrealloc(m->col_pl, cap * sizeof(size_t));
        m->col_cost = xrealloc(m->col_cost, cap * sizeof(double));
        m->col_start = xrealloc(m->col_start, (cap + 1) * sizeof(CoinBigIndex));
        m->cap_cols = cap;
    }
    if (m->nnz + (size_t)n > m->cap_nnz) {
        size_t cap = m->cap_nnz ? 2 * m->cap_nnz : 65536;
        while (cap < m->nnz + (size_t)n)
            cap *= 2;
        m->idx = xrealloc(m->idx, cap * sizeof(int));
        m->val = xrealloc(m->val, cap * sizeof(double));
        m->cap_nnz = cap;
    }
    xgrow((void **)&m->pl, &m->cap_pl, m->npl + (size_t)pt->nneeds + 1,
          sizeof(struct solver_placement));
    memcpy(m->pl + m->npl, at + pt->first_need,
           (size_t)pt->nneeds * sizeof(struct solver_placement));
    int c = m->ncols++;
    m->col_t[c] = t;
    m->col_pl[c] = m->npl;
    m->npl += (size_t)pt->nneeds;
    m->col_cost[c] = cost;
    memcpy(m->idx + m->nnz, m->s_rows, (size_t)n * sizeof(int));
    memcpy(m->val + m->nnz, m->s_vals, (size_t)n * sizeof(double));
    m->col_start[c] = (CoinBigIndex)m->nnz;
    m->nnz += (size_t)n;
    m->col_start[c + 1] = (CoinBigIndex)m->nnz;
    return 1;
}

double solver__master_reduced(const struct solver__master *m, int t,
                              const struct solver_placement *at)
{
    struct solver__master *mm = (struct solver__master *)(uintptr_t)m;
    double d = (double)solver__trainee_score(m->p, at, t);
    int n = mc_column(mm, t, at, 0);
    for (int i = 0; i < n; i++)
        d -= m->y[m->s_rows[i]] * m->s_vals[i];
    /* Cells with no row yet have dual 0; but they may be over their
     * seats in this schedule alone: those still make it worth adding. */
    return d;
}

/*
 * CLP gets only the rows that bind (row generation): most unit-weeks a
 * column touches have seats to spare, and every row slows the simplex.
 * lp_of[r] is our row r's index in CLP, or -1; the convexity rows are
 * always there. A row joins when the LP's solution breaks it.
 */

/* Gives CLP the columns added since the last solve, in one call (CLP
 * copies its matrix on every call), with their entries in CLP's rows. */
static void mc_flush_columns(struct solver__master *m)
{
    int nc = m->ncols - m->lp_cols;
    if (nc <= 0)
        return;
    CoinBigIndex base = m->col_start[m->lp_cols];
    size_t nz = (size_t)(m->col_start[m->ncols] - base);
    double *lo = xcalloc((size_t)nc, sizeof(double));
    double *up = xmalloc((size_t)nc * sizeof(double));
    CoinBigIndex *st = xmalloc(((size_t)nc + 1) * sizeof(CoinBigIndex));
    int *rows = xmalloc((nz + 1) * sizeof(int));
    double *vals = xmalloc((nz + 1) * sizeof(double));
    size_t k = 0;
    for (int i = 0; i < nc; i++) {
        int c = m->lp_cols + i;
        up[i] = DBL_MAX;
        st[i] = (CoinBigIndex)k;
        for (CoinBigIndex j = m->col_start[c]; j < m->col_start[c + 1]; j++)
            if (m->lp_of[m->idx[j]] >= 0) {
                rows[k] = m->lp_of[m->idx[j]];
                vals[k++] = m->val[j];
            }
    }
    st[nc] = (CoinBigIndex)k;
    Clp_addColumns(m->lp, nc, lo, up, m->col_cost + m->lp_cols, st, rows, vals);
    free(lo);
    free(up);
    free(st);
    free(rows);
    free(vals);
    m->lp_cols = m->ncols;
}

/* Adds to CLP the rows the solution x breaks; returns how many. */
static int mc_add_broken_rows(struct solver__master *m, const double *x)
{
    double *act = xcalloc((size_t)m->nrows + 1, sizeof(double));
    for (int c = 0; c < m->ncols; c++)
        if (x[c] > 1e-12)
            for (CoinBigIndex j = m->col_start[c]; j < m->col_start[c + 1]; j++)
                act[m->idx[j]] += x[c] * m->val[j];
    int *add = xmalloc(((size_t)m->nrows + 1) * sizeof(int));
    int nadd = 0;
    for (int r = 0; r < m->nrows; r++)
        if (m->lp_of[r] < 0 && act[r] > m->row_up[r] + 1e-7) {
            m->lp_of[r] = m->lp_rows + nadd;
            add[nadd++] = r;
        }
    if (nadd > 0) {
        /* Their entries, row by row, from every column CLP has. */
        CoinBigIndex *st = xcalloc((size_t)nadd + 2, sizeof(CoinBigIndex));
        for (int c = 0; c < m->lp_cols; c++)
            for (CoinBigIndex j = m->col_start[c]; j < m->col_start[c + 1];
                 j++) {
                int l = m->lp_of[m->idx[j]] - m->lp_rows;
                if (l >= 0)
                    st[l + 2]++;
            }
        for (int i = 0; i < nadd; i++)
            st[i + 2] += st[i + 1];
        int *cols = xmalloc(((size_t)st[nadd + 1] + 1) * sizeof(int));
        double *vals = xmalloc(((size_t)st[nadd + 1] + 1) * sizeof(double));
        for (int c = 0; c < m->lp_cols; c++)
            for (CoinBigIndex j = m->col_start[c]; j < m->col_start[c + 1];
                 j++) {
                int l = m->lp_of[m->idx[j]] - m->lp_rows;
                if (l >= 0) {
                    CoinBigIndex at = st[l + 1]++;
                    cols[at] = c;
                    vals[at] = m->val[j];
                }
            }
        double *lo = xmalloc((size_t)nadd * sizeof(double));
        double *up = xmalloc((size_t)nadd * sizeof(double));
        for (int i = 0; i < nadd; i++) {
            lo[i] = -DBL_MAX;
            up[i] = m->row_up[add[i]];
        }
        Clp_addRows(m->lp, nadd, lo, up, st, cols, vals);
        m->lp_rows += nadd;
        free(st);
        free(cols);
        free(vals);
        free(lo);
        free(up);
    }
    free(act);
    free(add);
    return nadd;
}

int solver__master_solve(struct solver__master *m, double seconds, double *lam,
                         double *mu, double *value)
{
    mc_flush_columns(m);
    for (int round = 0;; round++) {
        Clp_setMaximumSeconds(m->lp, seconds > 0.05 ? seconds : 0.05);
        if (round > 0 || !m->lp_solved)
            Clp_dual(m->lp, 0); /* rows added: the basis stays dual feasible */
        else
            Clp_primal(m->lp, 0); /* columns added: it stays primal feasible */
        m->lp_solved = 1;
        if (Clp_status(m->lp) != 0)
            return -1;
        if (mc_add_broken_rows(m, Clp_getColSolution(m->lp)) == 0)
            break;
    }
    const double *y = Clp_getRowPrice(m->lp);
    for (int r = 0; r < m->nrows; r++)
        m->y[r] = m->lp_of[r] >= 0 ? y[m->lp_of[r]] : 0;
    *value = Clp_objectiveValue(m->lp);
    for (size_t c = 0; c + 1 < m->cells; c++) {
        int rs = m->seat_row[c], ra = m->away_row[c];
        lam[c] = rs >= 0 && m->y[rs] < 0 ? -m->y[rs] / 100.0 : 0;
        mu[c] = ra >= 0 && m->y[ra] < 0 ? -m->y[ra] / 100.0 : 0;
    }
    return 0;
}
