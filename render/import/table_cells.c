/* table_cells.c — the values of the rows of one block into its cells.
 *
 * Where a row of the text says where each of its cells stands (a row of
 * an HTML or Word table, a row whose cells are joined by '|' or tabs, with
 * at least a position per column), every value goes to its column and a
 * blank cell is a blank of that column (0, noted).  Otherwise a row with
 * a value per column is read as it stands, and a row with fewer is handed
 * to the solver (table_solver.c), which places its values by the rules of
 * the table or leaves the row missing.  A text cut short in a row keeps
 * only what it shows: the values whose columns are certain.
 */
#include <stdlib.h>
#include <string.h>

#include "import/table_block.h"

/* ---- values into cells ------------------------------------------------ */

/* Row r has no item: missing, and where the text is cut, said once. */
static void missing_row(block_reader *R, int r, const char *rplace, int *cut_reported)
{
    table_read *tr = R->tr;
    int n = (int)R->it.n;
    int at_item = R->skipped_at[r] > 0 ? R->skipped_at[r] - 1 : -1;
    int line = at_item >= 0 && at_item < n ? R->it.v[at_item].line : R->br->line;
    if (tr->truncated && (at_item >= n - 1 || at_item < 0) && n) {
        if (!*cut_reported)
            defer_diag(tr, XXGK_ERROR, "I07", line, 0, rplace, NULL, NULL,
                       "文本在此中断：从此行起，本表其余各行缺失");
        *cut_reported = 1;
    }
    defer_diag(tr, XXGK_ERROR, "I07", line, 0, rplace, NULL, NULL, "缺少此行（%d 个单元格）",
               R->b->n_cols);
}

/* Row r with a value per column (or cut short by the end of the text):
 * read as it stands. */
static void full_row(block_reader *R, int r, const item *x, const char *rplace)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    const hnode *row = b->row_leaves[r];
    arena *a = R->a;
    int nc = b->n_cols, k = (int)x->n_vals;
    for (int c = 0; c < k; c++) {
        const token *t = R->vt[c];
        int64_t v;
        if (!token_value(t, b->col_leaves[c], &v)) {
            defer_diag(tr, XXGK_ERROR, "I07", t->line, t->col,
                       report_cell_place(a, b, row, b->col_leaves[c]), NULL, t->raw,
                       "数值“%s”无法读取（超过九位整数或四位小数）", t->raw);
            continue;
        }
        R->val[r * nc + c] = v;
        R->var[r * nc + c] = -1;
        value_notes(tr, b, row, b->col_leaves[c], t, v);
        R->br->cells[r * nc + c].state =
            t->val.blank && (row->n_parts || b->col_leaves[c]->n_parts) ? C_COMPUTE : C_VALUE;
        R->br->cells[r * nc + c].v = v;
    }
    if (k < nc) {
        strbuf cols = {0};
        for (int c = k; c < nc; c++) {
            if (c > k)
                sb_add(&cols, "、");
            sb_add(&cols, node_label_path(a, b->col_leaves[c], "/"));
        }
        defer_diag(tr, XXGK_ERROR, "I07", x->line, x->col, rplace, NULL, NULL,
                   "文本在此行中断：缺少 %d 个单元格（%s）", nc - k, cols.s ? cols.s : "");
        sb_free(&cols);
    }
}

/* ---- rows whose cells stand at known positions ------------------------- */

/* The values of item x all in one row of cells whose width is known. */
static int row_of_cells(const block_reader *R, const item *x)
{
    const tokens *ts = &R->tr->ts;
    if (!x->n_vals)
        return -1;
    int row = ts->v[x->vals[0]].row;
    if (row < 0 || ts->row_width[row] <= 0)
        return -1;
    for (size_t i = 0; i < x->n_vals; i++)
        if (ts->v[x->vals[i]].row != row)
            return -1;
    return row;
}

/* Where the values of item x stand when its row of cells says so: pos[i]
 * the column of value i, *shown the columns the row shows (all of them,
 * or fewer when the text is cut in this row: cut).  The positions after
 * the label (or from the row's start) are the block's columns in order;
 * the row must have one for each (or be cut), and every value must fall
 * in one.  0 when the positions say nothing. */
static int explicit_positions(const block_reader *R, const item *x, int cut, int *pos, int *shown)
{
    const tokens *ts = &R->tr->ts;
    int nc = R->b->n_cols, row = row_of_cells(R, x);
    if (row < 0)
        return 0;
    int start = x->label_row == row ? x->label_end + 1 : 0;
    int avail = ts->row_width[row] - start - (cut == CUT_IN_LINE ? 1 : 0);
    if (avail < nc && cut != CUT_IN_LINE)
        return 0;
    int prev = -1;
    for (size_t i = 0; i < x->n_vals; i++) {
        int p = ts->v[x->vals[i]].field - start;
        if (p <= prev || p >= nc || p >= avail)
            return 0;
        pos[i] = prev = p;
    }
    *shown = avail < nc ? avail : nc;
    return 1;
}

/* Add "、label" of column c to a list for a message. */
static void list_col(block_reader *R, strbuf *list, int c)
{
    if (list->len)
        sb_add(list, "、");
    sb_add(list, node_label_path(R->a, R->b->col_leaves[c], "/"));
}

/* Row r read by the positions of its cells: each value in its column, a
 * blank cell 0 (a blank total is computed from its parts, when they are
 * all there), the columns a cut text no longer shows missing. */
static void explicit_row(block_reader *R, int r, const item *x, const int *pos, int shown,
                         const char *rplace)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    const hnode *row = b->row_leaves[r];
    int nc = b->n_cols;
    strbuf blanks = {0}, cut = {0};
    int n_blank = 0, n_cut = 0, blank_totals = 0;
    for (int c = 0, i = 0; c < nc; c++) {
        icell *out = &R->br->cells[r * nc + c];
        const hnode *col = b->col_leaves[c];
        int total = row->n_parts || col->n_parts;
        if (i < (int)x->n_vals && pos[i] == c) {
            const token *t = &tr->ts.v[x->vals[i++]];
            int64_t v;
            if (!token_value(t, col, &v)) {
                defer_diag(tr, XXGK_ERROR, "I07", t->line, t->col,
                           report_cell_place(R->a, b, row, col), NULL, t->raw,
                           "数值“%s”无法读取（超过九位整数或四位小数）", t->raw);
                continue;
            }
            R->val[r * nc + c] = v;
            R->var[r * nc + c] = t->val.blank && total ? -2 : -1;
            value_notes(tr, b, row, col, t, v);
            out->state = t->val.blank && total ? C_COMPUTE : C_VALUE;
            out->v = v;
        } else if (c < shown) {
            out->state = total ? C_COMPUTE : C_VALUE;
            out->v = 0;
            R->val[r * nc + c] = 0;
            R->var[r * nc + c] = total ? -2 : -1;
            list_col(R, &blanks, c);
            n_blank++;
            blank_totals += total;
        } else {
            list_col(R, &cut, c);
            n_cut++;
        }
    }
    if (n_blank)
        defer_diag(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                   "%d 个空白单元格按 0 读取%s：%s", n_blank,
                   blank_totals ? "（合计栏按各项之和计算）" : "", blanks.s);
    if (n_cut)
        defer_diag(tr, XXGK_ERROR, "I07", x->line, x->col, rplace, NULL, NULL,
                   "文本在此行中断：缺少 %d 个单元格（%s）", n_cut, cut.s);
    sb_free(&blanks);
    sb_free(&cut);
}

/* Every row of the block but x printed a value per column (or stands at
 * known positions): the text leaves no cell out, so the values of a row
 * it cuts short are its first columns. */
static int block_prints_every_cell(block_reader *R, const item *x)
{
    int nc = R->b->n_cols, shown;
    for (int r = 0; r < R->b->n_rows; r++) {
        if (R->row_item[r] < 0)
            continue;
        const item *y = &R->it.v[R->row_item[r]];
        if (y == x)
            continue;
        if ((int)y->n_vals != nc && !explicit_positions(R, y, CUT_NONE, R->pos, &shown))
            return 0;
    }
    return 1;
}

/* A bare number 1–99 at the very end of a cut text, after a row that is
 * complete without it: the numbering of the next row ("2" of "2.其他…"),
 * cut; it is no value. */
static int cut_numbering(const table_read *tr, const token *t)
{
    const char *s = t->raw;
    size_t n = strlen(s);
    if (n < 1 || n > 2 || !tr->truncated)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* The last row of a text cut short: what is certain of it. */
static void cut_row(block_reader *R, int r, const item *x, int k, const char *rplace)
{
    table_read *tr = R->tr;
    int nc = R->b->n_cols;
    if (k == nc || block_prints_every_cell(R, x)) {
        full_row(R, r, x, rplace);
        return;
    }
    defer_diag(tr, XXGK_ERROR, "I07", x->line, x->col, rplace, NULL,
               k ? item_values_text(R->a, &tr->ts, x) : NULL,
               "文本在此行中断：只印出 %d 个数值，本表其他行也省略空白单元格，无法确定它们所在的列；"
               "此行 %d 个单元格缺失",
               k, nc);
}

/* A row with more values than columns (I13). */
static void too_many_values(block_reader *R, const item *x, int k, const char *rplace)
{
    table_read *tr = R->tr;
    tr->cost += COST_EXTRA_ITEM;
    defer_diag(tr, XXGK_ERROR, "I13", x->line, x->col, rplace, NULL,
               item_values_text(R->a, &tr->ts, x),
               "此行有 %d 个数值，本表只有 %d 列，无法确定各数值所属的列", k, R->b->n_cols);
}

/* A row printed without a single value: all 0. */
static void blank_row(block_reader *R, int r, const item *x, const char *rplace)
{
    int nc = R->b->n_cols;
    for (int c = 0; c < nc; c++) {
        R->var[r * nc + c] = -1;
        R->br->cells[r * nc + c].state = C_VALUE;
    }
    defer_diag(R->tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
               "整行 %d 个单元格为空白，按 0 读取", nc);
}

/* A row with fewer values than columns, for the solver. */
static void sparse_row(block_reader *R, int r)
{
    int nc = R->b->n_cols;
    sparse *p = &R->sp[R->n_sp];
    memset(p, 0, sizeof *p);
    p->row = r;
    p->item = R->row_item[r];
    p->chosen = -1;
    for (int c = 0; c < nc; c++)
        R->var[r * nc + c] = R->n_sp;
    R->n_sp++;
}

/* Row r from item x: by the positions of its cells, as it stands, cut,
 * blank, too full, or for the solver. */
static void place_row(block_reader *R, int r, const item *x, const char *rplace)
{
    table_read *tr = R->tr;
    int nc = R->b->n_cols, k = (int)x->n_vals, shown;
    int cut = x->last_in_text ? tr->truncated : CUT_NONE;
    item without_last;
    if (cut && k == nc + 1 && cut_numbering(tr, &tr->ts.v[x->vals[k - 1]])) {
        const token *t = &tr->ts.v[x->vals[k - 1]];
        defer_diag(tr, XXGK_NOTE, "I07", t->line, t->col, rplace, NULL, t->raw,
                   "文本末尾的“%s”是下一行被截断的序号，不是数值", t->raw);
        without_last = *x;
        without_last.n_vals = (size_t)(k = nc);
        x = &without_last;
    }
    for (int i = 0; i < k; i++)
        R->vt[i] = &tr->ts.v[x->vals[i]];
    if (k <= nc && explicit_positions(R, x, cut, R->pos, &shown))
        explicit_row(R, r, x, R->pos, shown, rplace);
    else if (cut && k <= nc && (cut == CUT_IN_LINE || row_of_cells(R, x) < 0))
        cut_row(R, r, x, k, rplace);
    else if (k == nc)
        full_row(R, r, x, rplace);
    else if (k > nc)
        too_many_values(R, x, k, rplace);
    else if (k == 0)
        blank_row(R, r, x, rplace);
    else
        sparse_row(R, r);
}

/* Each row's values into its cells; the rows with fewer values than
 * columns are kept for the solver in R->sp. */
void place_values(block_reader *R)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    arena *a = R->a;
    int nc = b->n_cols;
    R->br->cells = arena_alloc(a, (size_t)b->n_rows * (size_t)nc * sizeof *R->br->cells);
    R->val = xmalloc((size_t)b->n_rows * (size_t)nc * sizeof *R->val + 1);
    R->var = xmalloc((size_t)b->n_rows * (size_t)nc * sizeof *R->var + 1);
    for (int k = 0; k < b->n_rows * nc; k++)
        R->val[k] = 0, R->var[k] = -2;
    R->sp = xmalloc((size_t)(b->n_rows ? b->n_rows : 1) * sizeof *R->sp);
    R->n_sp = 0;
    R->vt = xmalloc((size_t)(tr->ts.n ? tr->ts.n : 1) * sizeof *R->vt);
    R->pos = xmalloc((size_t)(tr->ts.n ? tr->ts.n : 1) * sizeof *R->pos);
    int cut_reported = 0;
    for (int r = 0; r < b->n_rows; r++) {
        char *rplace = report_cell_place(a, b, b->row_leaves[r], NULL);
        if (R->row_item[r] < 0)
            missing_row(R, r, rplace, &cut_reported);
        else
            place_row(R, r, &R->it.v[R->row_item[r]], rplace);
    }
}

/* ---- rows printed without their blank cells ---------------------------- */

/* A sparse row the rules place in one way only: its cells, the notes on
 * its values, and what was placed where (I05) or that it is all 0 (C06). */
static void placed_row(block_reader *R, const sparse *p, const char *rplace, const char *vals)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    const item *x = &R->it.v[p->item];
    const hnode *row = b->row_leaves[p->row];
    int nc = b->n_cols;
    const int *pos = p->pos[p->chosen];
    strbuf placed = {0}, blanks = {0};
    int n_blank = 0;
    for (int c = 0; c < nc; c++) {
        int given = -1;
        for (size_t i = 0; i < x->n_vals; i++)
            if (pos[i] == c)
                given = (int)i;
        int64_t v = p->cand[(size_t)p->chosen * nc + c];
        icell *out = &R->br->cells[p->row * nc + c];
        out->state = C_VALUE;
        out->v = v;
        const char *cl = node_label_path(R->a, b->col_leaves[c], "/");
        if (given >= 0) {
            const token *t = &tr->ts.v[x->vals[given]];
            if (placed.len)
                sb_add(&placed, "；");
            sb_printf(&placed, "%s → %s", t->raw, cl);
            value_notes(tr, b, row, b->col_leaves[c], t, v);
            if (t->val.blank && (row->n_parts || b->col_leaves[c]->n_parts))
                out->state = C_COMPUTE;
        } else {
            if (blanks.len)
                sb_add(&blanks, "、");
            sb_add(&blanks, cl);
            n_blank++;
        }
    }
    int all_zero = 1;
    for (size_t i = 0; i < x->n_vals; i++)
        all_zero &= tr->ts.v[x->vals[i]].val.v == 0;
    if (all_zero)
        defer_diag(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                   "此行只印出 %zu 个 0，其余 %d 个单元格空白，整行按 0 读取", x->n_vals, n_blank);
    else
        defer_diag(tr, XXGK_WARNING, "I05", x->line, x->col, rplace, NULL, vals,
                   "此行只印出 %zu 个数值，按本表勾稽关系唯一确定其所在列：%s", x->n_vals,
                   placed.s ? placed.s : "");
    if (n_blank && !all_zero)
        defer_diag(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                   "%d 个空白单元格按 0 读取：%s", n_blank, blanks.s);
    sb_free(&placed);
    sb_free(&blanks);
}

/* Place the values of the sparse rows by the rules of the table; a row
 * no placement or more than one fits stays missing (I08). */
void place_sparse_rows(block_reader *R)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    if (!R->n_sp)
        return;
    for (int s = 0; s < R->n_sp; s++) {
        const item *x = &R->it.v[R->sp[s].item];
        for (size_t i = 0; i < x->n_vals; i++)
            R->vt[i] = &tr->ts.v[x->vals[i]];
        sparse_candidates(R->a, b, R->var, R->val, R->sp, s, R->vt, (int)x->n_vals);
    }
    long solutions;
    int exhausted = sparse_solve(b, R->val, R->var, R->sp, R->n_sp, &solutions);
    for (int s = 0; s < R->n_sp; s++) {
        const sparse *p = &R->sp[s];
        const item *x = &R->it.v[p->item];
        char *rplace = report_cell_place(R->a, b, b->row_leaves[p->row], NULL);
        char *vals = item_values_text(R->a, &tr->ts, x);
        if (p->chosen >= 0 && !p->ambiguous && !exhausted) {
            placed_row(R, p, rplace, vals);
        } else if (p->n_cand == 0 || (solutions == 0 && !exhausted)) {
            tr->cost += COST_EXTRA_ITEM;
            defer_diag(tr, XXGK_ERROR, "I08", x->line, x->col, rplace, NULL, vals,
                       "此行只印出 %zu 个数值（%s），没有任何列位置能满足本表的勾稽关系，不作猜测；"
                       "此行 %d 个单元格缺失",
                       x->n_vals, vals, b->n_cols);
        } else {
            defer_diag(tr, XXGK_ERROR, "I08", x->line, x->col, rplace, NULL, vals,
                       "此行只印出 %zu 个数值（%s），有多种列位置都满足本表的勾稽关系%s，不作猜测；"
                       "此行 %d 个单元格缺失",
                       x->n_vals, vals, exhausted ? "（可能性过多）" : "", b->n_cols);
        }
    }
}

