/* xlsx_tables.c — the statutory tables of a workbook, each cell found by its
 * labels as a reader finds it, not by its position:
 *   - a table's sheet is the one that shows the table's heading
 *     (三、收到和处理政府信息公开申请情况), wherever it is and whatever its name;
 *   - a block of a table of several (第二十条第（一）项) runs from the row
 *     showing its title to the next block's;
 *   - a row is the one whose stub shows the row's labels from the outermost
 *     in (a merged range counts in each row it covers);
 *   - a column, the one whose header rows show the column's labels;
 *   - a table without row labels (四) has its figures in the first filled row
 *     below its header.
 * So a clerk who moved or renamed a sheet or inserted rows reads back the
 * same.  A total a formula computes is left out (recomputed from its parts,
 * its cached value never trusted); a total typed over is read, and checked as
 * in JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import/xlsx.h"
#include "model/model.h"

#define MAX_DEPTH 8

typedef struct {
    const char *v[MAX_DEPTH];
    int n;
} chain;

static void node_chain(const hnode *n, chain *c)
{
    c->n = 0;
    const hnode *up[MAX_DEPTH * 2];
    int k = 0;
    for (; n && n->parent && k < MAX_DEPTH * 2; n = n->parent)
        up[k++] = n;
    while (k-- > 0)
        if (up[k]->label && up[k]->label[0] && c->n < MAX_DEPTH)
            c->v[c->n++] = up[k]->label;
}

static int has_label(const hnode *n, const char *s)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if ((c->label && c->label[0] && xlsx_label_is(s, c->label)) || has_label(c, s))
            return 1;
    }
    return 0;
}

static void chain_add(chain *c, const char *s)
{
    if (c->n && xlsx_label_is(s, c->v[c->n - 1]))
        return;
    if (c->n < MAX_DEPTH)
        c->v[c->n++] = s;
}

static int chain_eq(const chain *a, const chain *b)
{
    if (a->n != b->n || !a->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (!xlsx_label_is(a->v[i], b->v[i]))
            return 0;
    return 1;
}

static int sheet_shows(const xsheet *s, int r0, int r1, const char *text, int *row)
{
    for (int r = r0; r < r1; r++)
        for (int c = 0; c < s->cols; c++)
            if (xlsx_label_is(xsheet_label(s, r, c), text)) {
                *row = r;
                return 1;
            }
    return 0;
}

/* The rows of one block within a sheet. */
typedef struct {
    const xsheet *s;
    const tblock *b;
    int r0, r1;
    int *row_at, *col_at; /* sheet row of each leaf row, column of each leaf column; -1 */
} region;

/* Each sheet row's (or column's) labels are gathered once, then matched
 * against every leaf: a hostile sheet of many strings stays linear. */
static void find_rows(region *G)
{
    chain want, got;
    for (int i = 0; i < G->b->n_rows; i++)
        G->row_at[i] = -1;
    for (int r = G->r0; r < G->r1; r++) {
        got.n = 0;
        for (int c = 0; c < G->s->cols; c++) {
            const char *l = xsheet_label(G->s, r, c);
            if (l && has_label(G->b->rows, l))
                chain_add(&got, l);
        }
        for (int i = 0; i < G->b->n_rows && got.n; i++) {
            if (G->row_at[i] >= 0)
                continue;
            node_chain(G->b->row_leaves[i], &want);
            if (chain_eq(&want, &got))
                G->row_at[i] = r;
        }
    }
}

/* The columns, read in the header rows r0 .. h1-1. */
static void find_cols(region *G, int h1)
{
    chain want, got;
    for (int j = 0; j < G->b->n_cols; j++)
        G->col_at[j] = -1;
    for (int c = 0; c < G->s->cols; c++) {
        got.n = 0;
        for (int r = G->r0; r < h1; r++) {
            const char *l = xsheet_label(G->s, r, c);
            if (l && has_label(G->b->cols, l))
                chain_add(&got, l);
        }
        for (int j = 0; j < G->b->n_cols && got.n; j++) {
            if (G->col_at[j] >= 0)
                continue;
            node_chain(G->b->col_leaves[j], &want);
            if (chain_eq(&want, &got))
                G->col_at[j] = c;
        }
    }
}

/* A table without row labels: the first row below the header with a figure
 * in one of its columns (or the row just below the header). */
static int figures_row(const region *G)
{
    int last = -1;
    for (int r = G->r0; r < G->r1; r++)
        for (int c = 0; c < G->s->cols; c++) {
            const char *l = xsheet_label(G->s, r, c);
            if (l && has_label(G->b->cols, l))
                last = r;
        }
    if (last < 0)
        return -1;
    for (int r = last + 1; r < G->r1; r++)
        for (int j = 0; j < G->b->n_cols; j++) {
            const xcell *x = G->col_at[j] >= 0 ? xsheet_at(G->s, r, G->col_at[j]) : NULL;
            if (x && x->kind != XC_EMPTY)
                return r;
        }
    return last + 1;
}

/* A number as the JSON reader wants it: an integer, or a decimal rounded to
 * the four places the format allows when that is what the double stood for. */
static json_t *number_value(const char *lit)
{
    char *end = NULL;
    double v = strtod(lit, &end);
    if (end == lit || *end || !isfinite(v))
        return NULL;
    if (fabs(v) < 1e15 && v == floor(v))
        return json_integer((json_int_t)v);
    double r = round(v * XXGK_SCALE) / XXGK_SCALE;
    if (fabs(v - r) <= 1e-9 * (fabs(v) > 1 ? fabs(v) : 1))
        v = r;
    return json_real(v);
}

static json_t *cell_value(const xcell *x)
{
    if (!x || x->kind == XC_EMPTY || !x->text)
        return NULL;
    const char *t = x->text;
    while (*t == ' ')
        t++;
    json_t *n = *t ? number_value(t) : NULL;
    if (n || x->kind == XC_NUMBER)
        return n;
    return json_string(t);
}

/* tables/{table}/{block}/{row keys}/{column keys} = v */
static void set_at(json_t *tables, const tblock *b, const hnode *row, const hnode *col, json_t *v)
{
    const char *keys[MAX_DEPTH * 4];
    int n = 0;
    keys[n++] = b->table->key;
    if (b->key)
        keys[n++] = b->key;
    const hnode *sides[2] = {row, col};
    for (int s = 0; s < 2; s++) {
        const hnode *up[MAX_DEPTH * 2];
        int k = 0;
        for (const hnode *p = sides[s]; p && p->parent && k < MAX_DEPTH * 2; p = p->parent)
            up[k++] = p;
        while (k-- > 0)
            if (up[k]->key)
                keys[n++] = up[k]->key;
    }
    json_t *o = tables;
    for (int i = 0; i < n - 1; i++) {
        json_t *next = json_object_get(o, keys[i]);
        if (!json_is_object(next)) {
            next = json_object();
            json_object_set_new(o, keys[i], next);
        }
        o = next;
    }
    json_object_set_new(o, keys[n - 1], v);
}

static void not_found(xxgk_diags *d, const char *rule, const tblock *b, const hnode *row,
                      const hnode *col, const xsheet *s, const char *what)
{
    arena a = {0};
    char *place = report_cell_place(&a, b, row, col);
    diag_add(d, XXGK_ERROR, rule, &(diag_where){.place = place},
             "工作表“%s”中找不到%s（按标签查找；请勿改动表中的行列标签）", s->name, what);
    arena_free(&a);
}

static void read_cells(region *G, json_t *tables)
{
    const tblock *b = G->b;
    unsigned char *is_total = xmalloc((size_t)b->n_rows * b->n_cols);
    memset(is_total, 0, (size_t)b->n_rows * b->n_cols);
    for (size_t k = 0; k < b->n_totals; k++)
        if (b->relations[k].cell >= 0)
            is_total[b->relations[k].cell] = 1;
    for (int i = 0; i < b->n_rows; i++)
        for (int j = 0; j < b->n_cols; j++) {
            if (G->row_at[i] < 0 || G->col_at[j] < 0)
                continue;
            const xcell *x = xsheet_at(G->s, G->row_at[i], G->col_at[j]);
            if (x && x->formula && is_total[i * b->n_cols + j])
                continue;
            json_t *v = cell_value(x);
            if (v)
                set_at(tables, b, b->row_leaves[i], b->col_leaves[j], v);
        }
    free(is_total);
}

static int has_row_labels(const tblock *b)
{
    for (int i = 0; i < b->n_rows; i++) {
        chain c;
        node_chain(b->row_leaves[i], &c);
        if (c.n)
            return 1;
    }
    return 0;
}

static void read_block(const xsheet *s, const tblock *b, int r0, int r1, json_t *tables,
                       xxgk_diags *d)
{
    region G = {s, b, r0, r1, xmalloc(sizeof(int) * (size_t)b->n_rows),
                xmalloc(sizeof(int) * (size_t)b->n_cols)};
    if (has_row_labels(b)) {
        find_rows(&G);
        int h1 = r1;
        for (int i = 0; i < b->n_rows; i++) {
            if (G.row_at[i] >= 0 && G.row_at[i] < h1)
                h1 = G.row_at[i];
            if (G.row_at[i] < 0) {
                arena a = {0};
                not_found(d, "T02", b, b->row_leaves[i], NULL, s,
                          arena_printf(&a, "行“%s”", node_label_path(&a, b->row_leaves[i], "／")));
                arena_free(&a);
            }
        }
        find_cols(&G, h1);
    } else {
        find_cols(&G, r1);
        int fr = figures_row(&G);
        for (int i = 0; i < b->n_rows; i++)
            G.row_at[i] = fr;
    }
    for (int j = 0; j < b->n_cols; j++)
        if (G.col_at[j] < 0) {
            arena a = {0};
            not_found(d, "T03", b, NULL, b->col_leaves[j], s,
                      arena_printf(&a, "列“%s”", node_label_path(&a, b->col_leaves[j], "／")));
            arena_free(&a);
        }
    read_cells(&G, tables);
    free(G.row_at);
    free(G.col_at);
}

static void read_table(const xbook *bk, const ttable *tt, json_t *tables, xxgk_diags *d)
{
    const xsheet *s = NULL;
    int row = 0;
    for (size_t i = 0; i < bk->n && !s; i++)
        if (sheet_shows(&bk->sheets[i], 0, bk->sheets[i].rows, tt->section->heading, &row))
            s = &bk->sheets[i];
    if (!s) {
        diag_add(d, XXGK_ERROR, "T01", &(diag_where){.place = tt->section->heading},
                 "工作簿中没有表格“%s”的工作表（以表头的标题认出，不看工作表的名称）",
                 tt->section->heading);
        return;
    }
    for (size_t k = 0; k < tt->n_blocks; k++) {
        const tblock *b = &tt->blocks[k];
        int r0 = 0, r1 = s->rows;
        if (b->title) {
            if (!sheet_shows(s, 0, s->rows, b->title, &r0)) {
                diag_add(d, XXGK_ERROR, "T02", &(diag_where){.place = tt->section->heading},
                         "工作表“%s”中找不到“%s”（按标签查找；请勿改动表中的行列标签）",
                         s->name, b->title);
                continue;
            }
            for (size_t o = 0; o < tt->n_blocks; o++) {
                int ro;
                if (o != k && tt->blocks[o].title &&
                    sheet_shows(s, r0 + 1, s->rows, tt->blocks[o].title, &ro) && ro < r1)
                    r1 = ro;
            }
        }
        read_block(s, b, r0, r1, tables, d);
    }
}

void xlsx_read_tables(const xbook *b, const xxgk_template *t, json_t *tables, xxgk_diags *d)
{
    for (size_t i = 0; i < t->n_tables; i++)
        read_table(b, &t->tables[i], tables, d);
}
