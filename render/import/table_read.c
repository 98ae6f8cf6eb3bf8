/* table_read.c — the cells of one statutory table, read from the text of
 * a published report against a template.
 *
 * Everything is driven by the template: block titles split table 二 into
 * blocks (a title of another format's numbering is a block of that format,
 * left out), each block is read by table_block.c, and a block whose title
 * is not in the text is missing.  The totals and equations of the template
 * are the rules that place the values of rows printed without their blank
 * cells (table_solver.c).
 *
 * A reading is made for every template; the caller keeps the one that fits
 * the text best, so diagnostics are held (table_diags.c) and emitted, with
 * the cells as JSON, only then.
 */
#include <stdlib.h>
#include <string.h>

#include "import/table_parts.h"

/* ---- blocks by their titles ------------------------------------------- */

/* A title with its numerals left out: 第二十条第（一）项 → 第条第()项. */
static char *title_pattern(arena *a, const char *norm)
{
    strbuf b = {0};
    size_t len = strlen(norm);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(norm + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (!import_is_numeral(cp))
            sb_addn(&b, norm + i, k);
        i += k;
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

/* The text cut at block titles: segment s starts at token at[s] (the
 * title) and is block[s], or -1 for a title the format does not have;
 * at[n] is the end of the tokens. */
typedef struct {
    long *at;
    int *block;
    size_t n;
} segments;

/* A title cut short or damaged ("第二十条第"): the start of some block's
 * title, long enough to be one, too short to say which. */
static int damaged_title(const char *norm, const char **tnorm, size_t n)
{
    size_t len = strlen(norm);
    if (import_cp_len(norm) < 4)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (strlen(tnorm[k]) > len && !strncmp(tnorm[k], norm, len))
            return 1;
    return 0;
}

/* The block whose title token t is (C14 when misspelt), -1 for the title
 * of a block of another format or one already seen (I06), -3 for a title
 * too damaged to name its block (decided by its rows), -2 for no title. */
static int title_block(table_read *tr, const token *t, const char **tnorm, const char **tpat,
                       const long *start)
{
    const ttable *tt = tr->tt;
    int best = -1, bc = LABEL_FAR, ties = 0;
    for (size_t k = 0; k < tt->n_blocks; k++) {
        int c = import_label_cost(t->norm, tnorm[k]);
        if (c < bc && c <= 3)
            bc = c, best = (int)k, ties = 0;
        else if (c == bc && best >= 0)
            ties++;
    }
    if (best >= 0 && ties && bc > 0)
        return -3; /* as close to two titles: the rows under it decide */
    int unknown = 0;
    if (best < 0) {
        char *pat = title_pattern(&tr->mem, t->norm);
        for (size_t k = 0; k < tt->n_blocks && !unknown; k++)
            unknown = tpat[k][0] && !strcmp(pat, tpat[k]);
    }
    if (best < 0 && !unknown)
        return damaged_title(t->norm, tnorm, tt->n_blocks) ? -3 : -2;
    if (best >= 0 && bc > 0)
        defer_diag(tr, XXGK_WARNING, "C14", t->line, t->col, tt->section->heading,
                   tt->blocks[best].title, t->raw, "“%s”与统一格式不符，按“%s”读取", t->raw,
                   tt->blocks[best].title);
    if (best >= 0 && start[best] >= 0) {
        defer_diag(tr, XXGK_WARNING, "I06", t->line, t->col, tt->section->heading, NULL, t->raw,
                   "“%s”重复出现，后一处已忽略", t->raw);
        best = -1;
    }
    if (best < 0) {
        tr->cost += COST_MISSING_ROW;
        defer_diag(tr, XXGK_WARNING, "I06", t->line, t->col, tt->section->heading, NULL, t->raw,
                   "“%s”不属于此格式的表格，此块已舍弃", t->raw);
    } else {
        tr->cost += bc;
    }
    return best;
}

static void find_segments(table_read *tr, segments *sg)
{
    const ttable *tt = tr->tt;
    arena *a = &tr->mem;
    const char **tnorm = arena_alloc(a, tt->n_blocks * sizeof *tnorm);
    const char **tpat = arena_alloc(a, tt->n_blocks * sizeof *tpat);
    for (size_t k = 0; k < tt->n_blocks; k++) {
        tnorm[k] = import_norm(a, tt->blocks[k].title ? tt->blocks[k].title : "");
        tpat[k] = title_pattern(a, tnorm[k]);
    }
    long *start = arena_alloc(a, tt->n_blocks * sizeof *start);
    for (size_t k = 0; k < tt->n_blocks; k++)
        start[k] = -1;
    sg->n = 0;
    sg->at = arena_alloc(a, (tr->ts.n + 1) * sizeof *sg->at);
    sg->block = arena_alloc(a, (tr->ts.n + 1) * sizeof *sg->block);
    for (size_t i = 0; i < tr->ts.n; i++) {
        const token *t = &tr->ts.v[i];
        if (t->is_value)
            continue;
        int best = title_block(tr, t, tnorm, tpat, start);
        if (best == -2)
            continue;
        if (best >= 0)
            start[best] = (long)i;
        sg->at[sg->n] = (long)i;
        sg->block[sg->n] = best;
        sg->n++;
    }
    sg->at[sg->n] = (long)tr->ts.n;
}

/* The rows of segment s that are row labels of block k. */
static int rows_of_block(const table_read *tr, const segments *sg, size_t s, const tblock *b)
{
    int hits = 0;
    for (long i = sg->at[s] + 1; i < sg->at[s + 1]; i++) {
        const token *t = &tr->ts.v[i];
        if (t->is_value)
            continue;
        for (int r = 0; r < b->n_rows; r++) {
            arena a = {0};
            int c = import_label_cost(t->norm, import_norm(&a, b->row_leaves[r]->label));
            arena_free(&a);
            if (c <= 3) {
                hits++;
                break;
            }
        }
    }
    return hits;
}

/* A damaged title names the block whose row labels stand under it (and
 * no other block's as many): "第二十条第" over 行政处罚 and 行政强制 is
 * （六）.  Otherwise the segment is dropped (I06), never guessed by its
 * position. */
static void place_damaged_titles(table_read *tr, segments *sg)
{
    const ttable *tt = tr->tt;
    for (size_t s = 0; s < sg->n; s++) {
        if (sg->block[s] != -3)
            continue;
        int best = -1, best_hits = 0, tie = 0;
        for (size_t k = 0; k < tt->n_blocks; k++) {
            int taken = 0;
            for (size_t o = 0; o < sg->n; o++)
                taken |= sg->block[o] == (int)k;
            int hits = taken ? 0 : rows_of_block(tr, sg, s, &tt->blocks[k]);
            if (hits > best_hits)
                best = (int)k, best_hits = hits, tie = 0;
            else if (hits && hits == best_hits)
                tie = 1;
        }
        const token *t = &tr->ts.v[sg->at[s]];
        if (best >= 0 && !tie) {
            sg->block[s] = best;
            defer_diag(tr, XXGK_WARNING, "C14", t->line, t->col, tt->section->heading,
                       tt->blocks[best].title, t->raw,
                       "“%s”不完整，按其下的行读作“%s”", t->raw, tt->blocks[best].title);
            tr->cost += 2;
        } else {
            sg->block[s] = -1;
            tr->cost += COST_MISSING_ROW;
            defer_diag(tr, XXGK_WARNING, "I06", t->line, t->col, tt->section->heading, NULL, t->raw,
                       "“%s”不完整，其下的行也不能确定是哪一块，此块已舍弃", t->raw);
        }
    }
}

/* A table of blocks with titles: each block read from its segment. */
static void read_titled_blocks(table_read *tr, size_t last)
{
    segments sg;
    find_segments(tr, &sg);
    place_damaged_titles(tr, &sg);
    for (size_t s = 0; s < sg.n; s++) {
        if (sg.block[s] < 0)
            continue;
        bread *br = &tr->blocks[sg.block[s]];
        br->found = 1;
        size_t from = (size_t)sg.at[s] + 1, to = (size_t)sg.at[s + 1];
        br->line = tr->ts.v[sg.at[s]].line;
        read_block(tr, br, tr->ts.v + from, to - from, from, tr->truncated ? last : (size_t)-1);
    }
    /* text before the first title */
    size_t pre = sg.n ? (size_t)sg.at[0] : tr->ts.n;
    if (pre) {
        tr->cost += COST_EXTRA_ITEM * (int)(pre > 5 ? 5 : pre);
        defer_diag(tr, XXGK_WARNING, "I06", tr->ts.v[0].line, tr->ts.v[0].col,
                   tr->tt->section->heading, NULL, NULL,
                   "表格前 %zu 处文字不属于任何一块表格，已忽略", pre);
    }
}

/* The blocks not found: missing (I07), the text's end said once. */
static void missing_blocks(table_read *tr)
{
    const ttable *tt = tr->tt;
    int cut = 0;
    for (size_t k = 0; k < tt->n_blocks; k++) {
        bread *br = &tr->blocks[k];
        if (br->found)
            continue;
        if (!tr->truncated || !tr->ts.n)
            tr->cost += COST_MISSING_ROW * br->b->n_rows;
        br->cells = arena_alloc(&tr->mem,
                                (size_t)br->b->n_rows * (size_t)br->b->n_cols * sizeof *br->cells);
        int line = tr->ts.n ? tr->ts.v[tr->ts.n - 1].line : tr->first_line;
        if (tr->truncated && !cut && tr->ts.n) {
            cut = 1;
            defer_diag(tr, XXGK_ERROR, "I07", line, 0, tt->section->heading, NULL, NULL,
                       "文本在此中断：从“%s”起，本表其余部分缺失", block_place(br->b));
        }
        defer_diag(tr, XXGK_ERROR, "I07", line, 0, block_place(br->b), NULL, NULL,
                   "缺少%s（%d 行 × %d 列，共 %d 个单元格）", br->b->title ? "此块表格" : "此表",
                   br->b->n_rows, br->b->n_cols, br->b->n_rows * br->b->n_cols);
    }
}

table_read *table_read_new(const ttable *tt, const region *rg, int truncated)
{
    table_read *tr = xmalloc(sizeof *tr);
    memset(tr, 0, sizeof *tr);
    tr->tt = tt;
    tr->truncated = truncated;
    tr->first_line = rg->n ? rg->lines[0].line : 0;
    arena *a = &tr->mem;
    tokenize(a, rg, &tr->ts);
    /* a text that may end in the middle of a line: its last value may be
     * the first digits of a number */
    if (truncated == CUT_IN_LINE && tr->ts.n && tr->ts.v[tr->ts.n - 1].is_value) {
        const token *t = &tr->ts.v[--tr->ts.n];
        defer_diag(tr, XXGK_WARNING, "I07", t->line, t->col, tt->section->heading, NULL, t->raw,
                   "文本在“%s”处中断（末行没有换行），这个数值可能不完整，未读取", t->raw);
    }
    size_t last = tr->ts.n ? tr->ts.n - 1 : 0;
    tr->blocks = arena_alloc(a, tt->n_blocks * sizeof *tr->blocks);
    for (size_t k = 0; k < tt->n_blocks; k++)
        tr->blocks[k].b = &tt->blocks[k];

    if (tt->n_blocks == 1 && !tt->blocks[0].title) {
        bread *br = &tr->blocks[0];
        br->found = tr->ts.n > 0;
        br->line = tr->first_line;
        if (br->found)
            read_block(tr, br, tr->ts.v, tr->ts.n, 0, truncated ? last : (size_t)-1);
    } else {
        read_titled_blocks(tr, last);
    }
    missing_blocks(tr);
    return tr;
}

int table_read_cost(const table_read *tr) { return tr->cost; }

/* ---- JSON ------------------------------------------------------------- */

static json_t *cell_json(int64_t v)
{
    if (v % XXGK_SCALE == 0)
        return json_integer((json_int_t)(v / XXGK_SCALE));
    return json_real((double)v / XXGK_SCALE);
}

static void emit_cols(const bread *br, int row, const hnode *n, json_t *obj)
{
    const tblock *b = br->b;
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->n_children) {
            json_t *sub = c->key ? json_object() : obj;
            emit_cols(br, row, c, sub);
            if (c->key)
                json_object_set_new(obj, c->key, sub);
        } else {
            const icell *x = &br->cells[row * b->n_cols + c->leaf];
            if (x->state == C_VALUE)
                json_object_set_new(obj, c->key, cell_json(x->v));
        }
    }
}

static void emit_rows(const bread *br, const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        json_t *sub = c->key ? json_object() : obj;
        if (c->n_children)
            emit_rows(br, c, sub);
        else
            emit_cols(br, c->leaf, br->b->cols, sub);
        if (c->key)
            json_object_set_new(obj, c->key, sub);
    }
}

void table_read_emit(table_read *tr, xxgk_diags *d, json_t *obj, int *errors)
{
    emit_deferred(tr, d);
    *errors += tr->errors;
    for (size_t k = 0; k < tr->tt->n_blocks; k++) {
        const bread *br = &tr->blocks[k];
        json_t *bo = br->b->key ? json_object() : obj;
        emit_rows(br, br->b->rows, bo);
        if (br->b->key)
            json_object_set_new(obj, br->b->key, bo);
    }
}

void table_read_free(table_read *tr)
{
    if (!tr)
        return;
    free(tr->ts.v);
    free(tr->ts.row_width);
    free(tr->diags);
    arena_free(&tr->mem);
    free(tr);
}
