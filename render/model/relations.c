/* relations.c — the sums a block's cells obey, made once per template.
 *
 * Every total node of the header trees ("total_of") and every equation
 * ("rules") of a block becomes one relation per line of the other axis,
 * with its cells listed.  The checks (C01–C04), the computing of omitted
 * totals and the import's placement of sparse rows all walk this one list,
 * so they cannot disagree on what adds up to what.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

typedef struct {
    arena *a;
    const tblock *b;
    relation *v;
    size_t n, cap;
    int *cells; /* the cells of the relation being made */
    int n_cells, cap_cells;
} builder;

static void add_cell(builder *B, int ix)
{
    if (B->n_cells == B->cap_cells) {
        B->cap_cells = B->cap_cells ? 2 * B->cap_cells : 64;
        B->cells = xrealloc(B->cells, (size_t)B->cap_cells * sizeof *B->cells);
    }
    B->cells[B->n_cells++] = ix;
}

/* The leaves of node on line x: rows of a row node (column x), columns of
 * a column node (row x). */
static void add_node(builder *B, const hnode *node, int node_is_row, int x)
{
    for (int k = 0; k < node->n_leaves; k++) {
        int leaf = node->first_leaf + k;
        add_cell(B, node_is_row ? leaf * B->b->n_cols + x : x * B->b->n_cols + leaf);
    }
}

/* The cells gathered since `from` as one side of the relation. */
static int *take(builder *B, int from, int *n)
{
    *n = B->n_cells - from;
    int *v = arena_alloc(B->a, (size_t)(*n ? *n : 1) * sizeof *v);
    memcpy(v, B->cells + from, (size_t)*n * sizeof *v);
    return v;
}

static relation *next(builder *B)
{
    if (B->n == B->cap) {
        B->cap = B->cap ? 2 * B->cap : 32;
        B->v = xrealloc(B->v, B->cap * sizeof *B->v);
    }
    relation *r = &B->v[B->n++];
    memset(r, 0, sizeof *r);
    B->n_cells = 0;
    return r;
}

/* The totals of one axis: each total leaf, on every line of the other. */
static void totals_of_axis(builder *B, int columns)
{
    const tblock *b = B->b;
    int n_tot = columns ? b->n_cols : b->n_rows, n_line = columns ? b->n_rows : b->n_cols;
    for (int t = 0; t < n_tot; t++) {
        const hnode *tot = columns ? b->col_leaves[t] : b->row_leaves[t];
        if (!tot->n_parts)
            continue;
        for (int line = 0; line < n_line; line++) {
            relation *r = next(B);
            r->rule = tot->rule;
            r->total = tot;
            r->row = columns ? b->row_leaves[line] : tot;
            r->col = columns ? tot : b->col_leaves[line];
            r->cell = r->row->leaf * b->n_cols + r->col->leaf;
            add_cell(B, r->cell);
            r->left = take(B, 0, &r->n_left);
            for (size_t p = 0; p < tot->n_parts; p++)
                add_node(B, tot->parts[p], !columns, line);
            r->right = take(B, 1, &r->n_right);
        }
    }
}

void block_relations(arena *a, tblock *b)
{
    builder B = {a, b, NULL, 0, 0, NULL, 0, 0};
    totals_of_axis(&B, 1);
    totals_of_axis(&B, 0);
    b->n_totals = B.n;
    for (size_t e = 0; e < b->n_rules; e++) {
        const equation *q = &b->rules[e];
        int lines = q->for_each_column ? b->n_cols : b->n_rows;
        for (int x = 0; x < lines; x++) {
            const hnode *ln = q->for_each_column ? b->col_leaves[x] : b->row_leaves[x];
            relation *r = next(&B);
            r->rule = q->id;
            r->eq = q;
            r->cell = -1;
            r->row = q->for_each_column ? q->right[0] : ln;
            r->col = q->for_each_column ? ln : q->right[0];
            for (size_t i = 0; i < q->n_left; i++)
                add_node(&B, q->left[i], q->for_each_column, x);
            r->left = take(&B, 0, &r->n_left);
            int from = B.n_cells;
            for (size_t i = 0; i < q->n_right; i++)
                add_node(&B, q->right[i], q->for_each_column, x);
            r->right = take(&B, from, &r->n_right);
        }
    }
    free(B.cells);
    b->relations = arena_alloc(a, (B.n ? B.n : 1) * sizeof *b->relations);
    if (B.n)
        memcpy(b->relations, B.v, B.n * sizeof *b->relations);
    b->n_relations = B.n;
    free(B.v);
}
