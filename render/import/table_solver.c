/* table_solver.c — rows printed without their blank cells, placed by the
 * rules of the table.
 *
 * A row with fewer values than columns does not say which cells were left
 * blank.  The format's totals and equations do: every placement of the
 * row's values (in their order) among the columns is tried against the
 * rules of that row alone, then the rows that kept candidates are searched
 * together against every rule they take part in.  A row is placed only
 * when every solution places it the same way; nothing is guessed.
 *
 * The rules are the block's relations, made once per template
 * (model/relations.c): Σ left = Σ right over cells row * n_cols + col.
 */
#include <stdlib.h>
#include <string.h>

#include "import/table_parts.h"

#define SOLVER_BUDGET 2000000L
#define MAX_COMBINATIONS 200000L

/* The cells of a relation, both sides: left, then right. */
static int relation_size(const relation *r) { return r->n_left + r->n_right; }
static int relation_cell(const relation *r, int i)
{
    return i < r->n_left ? r->left[i] : r->right[i - r->n_left];
}

/* Whether Σ left = Σ right holds for the values val. */
static int relation_holds(const relation *r, const int64_t *val)
{
    int64_t s = 0;
    for (int i = 0; i < r->n_left; i++)
        s += val[r->left[i]];
    for (int i = 0; i < r->n_right; i++)
        s -= val[r->right[i]];
    return s == 0;
}

/* ---- the candidates of one row ---------------------------------------- */

/* Enumerate the placements of k values (in order) among n columns, keep
 * those that satisfy the rules of the row alone, without duplicates. */
static void candidates(arena *a, const tblock *b, const int *var, int64_t *val, sparse *p,
                       const token *const *vt, int k)
{
    int n = b->n_cols;
    int *idx = xmalloc((size_t)(k ? k : 1) * sizeof *idx);
    for (int i = 0; i < k; i++)
        idx[i] = i;
    int64_t *vec = xmalloc((size_t)n * sizeof *vec);
    long made = 0;
    /* the row's own rules: every cell in this row or known */
    int *local = xmalloc((b->n_relations ? b->n_relations : 1) * sizeof *local);
    int n_local = 0;
    for (size_t c = 0; c < b->n_relations; c++) {
        const relation *r = &b->relations[c];
        int ok = 1, mine = 0;
        for (int i = 0; i < relation_size(r) && ok; i++) {
            int ix = relation_cell(r, i);
            if (ix / n == p->row)
                mine = 1;
            else if (var[ix] != -1)
                ok = 0;
        }
        if (ok && mine)
            local[n_local++] = (int)c;
    }
    for (;;) {
        if (++made > MAX_COMBINATIONS)
            break;
        int ok = 1;
        for (int j = 0; j < n; j++)
            vec[j] = 0;
        for (int i = 0; i < k && ok; i++)
            ok = token_value(vt[i], b->col_leaves[idx[i]], &vec[idx[i]]);
        if (ok) {
            memcpy(&val[p->row * n], vec, (size_t)n * sizeof *vec);
            for (int c = 0; c < n_local && ok; c++)
                ok = relation_holds(&b->relations[local[c]], val);
        }
        for (int c = 0; c < p->n_cand && ok; c++)
            if (!memcmp(&p->cand[(size_t)c * n], vec, (size_t)n * sizeof *vec))
                ok = 0;
        if (ok) {
            p->cand = xrealloc(p->cand, (size_t)(p->n_cand + 1) * n * sizeof *p->cand);
            memcpy(&p->cand[(size_t)p->n_cand * n], vec, (size_t)n * sizeof *vec);
            p->pos = xrealloc(p->pos, (size_t)(p->n_cand + 1) * sizeof *p->pos);
            p->pos[p->n_cand] = arena_alloc(a, (size_t)(k ? k : 1) * sizeof(int));
            memcpy(p->pos[p->n_cand], idx, (size_t)k * sizeof(int));
            p->n_cand++;
        }
        /* next combination */
        int i = k - 1;
        while (i >= 0 && idx[i] == n - k + i)
            i--;
        if (i < 0)
            break;
        idx[i]++;
        for (int j = i + 1; j < k; j++)
            idx[j] = idx[j - 1] + 1;
    }
    free(local);
    free(vec);
    free(idx);
}

void sparse_candidates(arena *a, const tblock *b, int *var, int64_t *val, sparse *sp, int s,
                       const token *const *vt, int k)
{
    size_t n_cells = (size_t)b->n_rows * (size_t)b->n_cols;
    /* rules of this row alone; other sparse rows count as unknown */
    int *saved = xmalloc(n_cells * sizeof *saved);
    memcpy(saved, var, n_cells * sizeof *saved);
    for (int q = 0; q < b->n_rows * b->n_cols; q++)
        if (var[q] >= 0 && var[q] != s)
            var[q] = -2;
    candidates(a, b, var, val, &sp[s], vt, k);
    memcpy(var, saved, n_cells * sizeof *saved);
    free(saved);
}

/* ---- the search over all rows ----------------------------------------- */

typedef struct {
    const tblock *b;
    int64_t *val; /* current values of the block's cells */
    sparse **sp;  /* the rows being placed, by depth */
    int n_sp;
    int **at_depth; /* relations to test when sparse row d is placed */
    int *n_at_depth;
    int *cur; /* candidate placed at each depth */
    long budget;
    long solutions;
} solver;

static void set_row(solver *S, const sparse *p, int k)
{
    int nc = S->b->n_cols;
    memcpy(&S->val[p->row * nc], &p->cand[(size_t)k * nc], (size_t)nc * sizeof *S->val);
}

static void search(solver *S, int d)
{
    if (S->budget-- <= 0)
        return;
    if (d == S->n_sp) {
        S->solutions++;
        for (int i = 0; i < S->n_sp; i++) {
            sparse *p = S->sp[i];
            if (p->chosen < 0)
                p->chosen = S->cur[i];
            else if (p->chosen != S->cur[i])
                p->ambiguous = 1;
        }
        return;
    }
    sparse *p = S->sp[d];
    for (int k = 0; k < p->n_cand; k++) {
        set_row(S, p, k);
        S->cur[d] = k;
        int ok = 1;
        for (int i = 0; i < S->n_at_depth[d] && ok; i++)
            ok = relation_holds(&S->b->relations[S->at_depth[d][i]], S->val);
        if (ok)
            search(S, d + 1);
        if (S->budget <= 0)
            return;
        /* once every row is known to be ambiguous nothing more is learnt */
        int all = S->solutions > 0;
        for (int i = 0; i < S->n_sp && all; i++)
            all = S->sp[i]->ambiguous;
        if (all)
            return;
    }
}

/* Each relation is tested at the depth where its last unknown cell is
 * placed; one with a missing cell never. */
static void relations_by_depth(solver *S, const int *var)
{
    const tblock *b = S->b;
    int n = S->n_sp ? S->n_sp : 1;
    S->at_depth = xmalloc((size_t)n * sizeof *S->at_depth);
    S->n_at_depth = xmalloc((size_t)n * sizeof *S->n_at_depth);
    for (int s = 0; s < S->n_sp; s++) {
        S->at_depth[s] = xmalloc((b->n_relations ? b->n_relations : 1) * sizeof(int));
        S->n_at_depth[s] = 0;
    }
    for (size_t c = 0; c < b->n_relations; c++) {
        const relation *r = &b->relations[c];
        int ready = -1, missing = 0;
        for (int i = 0; i < relation_size(r); i++) {
            int v = var[relation_cell(r, i)];
            if (v == -2)
                missing = 1;
            else if (v > ready)
                ready = v;
        }
        if (!missing && ready >= 0)
            S->at_depth[ready][S->n_at_depth[ready]++] = (int)c;
    }
}

int sparse_solve(const tblock *b, int64_t *val, int *var, sparse *sp, int n_sp, long *solutions)
{
    int nc = b->n_cols;
    /* rows no placement fits are left out (their cells unknown) */
    sparse **act = xmalloc((size_t)n_sp * sizeof *act);
    int n_act = 0;
    for (int s = 0; s < n_sp; s++) {
        int depth = sp[s].n_cand ? n_act : -2;
        if (sp[s].n_cand)
            act[n_act++] = &sp[s];
        for (int c = 0; c < nc; c++)
            var[sp[s].row * nc + c] = depth;
    }
    solver S = {0};
    S.b = b;
    S.val = val;
    S.sp = act;
    S.n_sp = n_act;
    S.budget = SOLVER_BUDGET;
    S.cur = xmalloc((size_t)(n_act ? n_act : 1) * sizeof *S.cur);
    relations_by_depth(&S, var);
    if (n_act)
        search(&S, 0);
    *solutions = S.solutions;
    for (int s = 0; s < n_act; s++)
        free(S.at_depth[s]);
    free(S.at_depth);
    free(S.n_at_depth);
    free(S.cur);
    free(act);
    return S.budget <= 0;
}
