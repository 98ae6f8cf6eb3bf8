/* document.c — the document the HTML and Word readers make: paragraphs,
 * and tables as grids whose cells know their true row and column.
 *
 * A cell is placed at the first column of its row that no cell from above
 * (a rowspan) or from its left covers, and covers rowspan × colspan
 * positions: the rule of HTML's table model, which Word's gridSpan (a
 * colspan) and vMerge (a cell that continues the one above: it grows by a
 * row) reduce to.  The grid is bounded (DOC_MAX_ROWS × DOC_MAX_COLS): a
 * span beyond it is clamped and what lies beyond is left out, said once.
 *
 * doc_lines makes the lines the import reads: a paragraph is a line; a
 * row of a grid is a line that lists the cells starting in it, each at its
 * column (a rowspan's later rows do not repeat it; a blank cell is a field
 * of its own), so a value keeps the column it is printed in.  A table of
 * one column is a frame around text (pages lay whole reports out in one):
 * its cells are paragraphs.
 */
#include <stdlib.h>
#include <string.h>

#include "import/document.h"

void doc_init(import_doc *doc) { memset(doc, 0, sizeof *doc); }

void doc_free(import_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        if (doc->v[i].grid) {
            free(doc->v[i].grid->cells);
            free(doc->v[i].grid->cover);
            free(doc->v[i].grid->row_line);
            free(doc->v[i].grid);
        }
    free(doc->v);
    arena_free(&doc->mem);
    memset(doc, 0, sizeof *doc);
}

static doc_item *new_item(import_doc *doc)
{
    if (doc->n >= DOC_MAX_ITEMS) {
        doc->truncated = 1;
        return NULL;
    }
    if (doc->n == doc->cap) {
        doc->cap = doc->cap ? 2 * doc->cap : 64;
        doc->v = xrealloc(doc->v, doc->cap * sizeof *doc->v);
    }
    doc_item *it = &doc->v[doc->n++];
    memset(it, 0, sizeof *it);
    return it;
}

/* s[0 … n) trimmed of spaces of every width, in doc's arena; NULL if empty. */
static char *trimmed(import_doc *doc, const char *s, size_t n)
{
    size_t b = 0, e = n;
    while (b < e) {
        uint32_t cp;
        size_t k = utf8_decode(s + b, e - b, &cp);
        if (!k || !import_is_space(cp))
            break;
        b += k;
    }
    while (e > b) {
        size_t k = 1;
        while (k < e - b && k < 4 && ((unsigned char)s[e - k] & 0xC0) == 0x80)
            k++;
        uint32_t cp;
        if (!utf8_decode(s + e - k, k, &cp) || !import_is_space(cp))
            break;
        e -= k;
    }
    return e > b ? arena_strndup(&doc->mem, s + b, e - b) : NULL;
}

void doc_add_para(import_doc *doc, const char *text, int line)
{
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *t = trimmed(doc, p, n);
        if (t) {
            doc_item *it = new_item(doc);
            if (!it)
                return;
            it->text = t;
            it->line = line;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

doc_grid *doc_add_grid(import_doc *doc, int line)
{
    doc_item *it = new_item(doc);
    if (!it)
        return NULL;
    doc_grid *g = xmalloc(sizeof *g);
    memset(g, 0, sizeof *g);
    g->cur_row = -1;
    it->grid = g;
    it->line = line;
    return g;
}

/* Room for row r (its cover row all -1). */
static int grid_reserve(doc_grid *g, int r)
{
    if (r >= DOC_MAX_ROWS) {
        g->truncated = 1;
        return 0;
    }
    while (r >= g->cap_rows) {
        int old = g->cap_rows;
        g->cap_rows = g->cap_rows ? 2 * g->cap_rows : 16;
        g->cover = xrealloc(g->cover, (size_t)g->cap_rows * DOC_MAX_COLS * sizeof *g->cover);
        g->row_line = xrealloc(g->row_line, (size_t)g->cap_rows * sizeof *g->row_line);
        for (int i = old * DOC_MAX_COLS; i < g->cap_rows * DOC_MAX_COLS; i++)
            g->cover[i] = -1;
        for (int i = old; i < g->cap_rows; i++)
            g->row_line[i] = 0;
    }
    if (r >= g->n_rows)
        g->n_rows = r + 1;
    return 1;
}

void grid_row(doc_grid *g, int line)
{
    if (!g)
        return;
    g->cur_row++;
    g->cur_col = 0;
    if (grid_reserve(g, g->cur_row))
        g->row_line[g->cur_row] = line;
}

/* The first column from cur_col that nothing covers in the current row. */
static int free_col(const doc_grid *g)
{
    int c = g->cur_col;
    while (c < DOC_MAX_COLS && g->cover[g->cur_row * DOC_MAX_COLS + c] >= 0)
        c++;
    return c;
}

void grid_cell(import_doc *doc, doc_grid *g, const char *text, int rowspan, int colspan)
{
    if (!g)
        return;
    if (g->cur_row < 0)
        grid_row(g, 0);
    if (g->cur_row >= DOC_MAX_ROWS)
        return;
    int c = free_col(g);
    if (c >= DOC_MAX_COLS) {
        g->truncated = 1;
        return;
    }
    if (colspan < 1)
        colspan = 1;
    if (rowspan < 1)
        rowspan = 1;
    if (colspan > DOC_MAX_COLS - c)
        colspan = DOC_MAX_COLS - c, g->truncated = 1;
    if (rowspan > DOC_MAX_ROWS - g->cur_row)
        rowspan = DOC_MAX_ROWS - g->cur_row, g->truncated = 1;
    if (g->n_cells == g->cap_cells) {
        g->cap_cells = g->cap_cells ? 2 * g->cap_cells : 64;
        g->cells = xrealloc(g->cells, g->cap_cells * sizeof *g->cells);
    }
    int idx = (int)g->n_cells++;
    char *t = trimmed(doc, text, strlen(text));
    g->cells[idx] = (doc_cell){t ? t : "", g->cur_row, c, rowspan, colspan};
    for (int r = g->cur_row; r < g->cur_row + rowspan; r++) {
        if (!grid_reserve(g, r)) {
            g->cells[idx].rowspan = r - g->cur_row;
            break;
        }
        for (int k = c; k < c + colspan; k++)
            if (g->cover[r * DOC_MAX_COLS + k] < 0)
                g->cover[r * DOC_MAX_COLS + k] = idx;
    }
    if (c + colspan > g->n_cols)
        g->n_cols = c + colspan;
    g->cur_col = c + colspan;
}

void grid_merge_down(doc_grid *g, int colspan)
{
    if (!g || g->cur_row <= 0 || g->cur_row >= DOC_MAX_ROWS)
        return;
    int c = free_col(g);
    if (c >= DOC_MAX_COLS)
        return;
    int above = g->cover[(g->cur_row - 1) * DOC_MAX_COLS + c];
    if (above < 0)
        return; /* nothing to continue: the position stays empty */
    doc_cell *up = &g->cells[above];
    if (up->row + up->rowspan == g->cur_row)
        up->rowspan++;
    for (int k = c; k < up->col + up->colspan && k < DOC_MAX_COLS; k++)
        g->cover[g->cur_row * DOC_MAX_COLS + k] = above;
    (void)colspan;
    g->cur_col = up->col + up->colspan;
}

/* ---- the lines ----------------------------------------------------------- */

typedef struct {
    tline *v;
    size_t n, cap;
} line_list;

static tline *line_push(line_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 128;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    tline *t = &l->v[l->n++];
    memset(t, 0, sizeof *t);
    return t;
}

/* Whether the grid is a frame around text: one column. */
static int is_frame(const doc_grid *g) { return g->n_cols <= 1; }

/* Row r of grid g as a line: the cells that start in it. */
static void grid_row_line(import_doc *doc, const doc_grid *g, int r, int line, line_list *out)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_cells; i++)
        n += g->cells[i].row == r;
    if (!n)
        return; /* every position is a span from above */
    tfield *f = arena_alloc(&doc->mem, n * sizeof *f);
    strbuf joined = {0};
    size_t k = 0;
    int any = 0;
    for (size_t i = 0; i < g->n_cells; i++) {
        const doc_cell *c = &g->cells[i];
        if (c->row != r)
            continue;
        f[k++] = (tfield){c->text, c->col, c->colspan};
        if (k > 1)
            sb_add(&joined, " | ");
        sb_add(&joined, c->text);
        any |= c->text[0] != 0;
    }
    if (any) {
        tline *t = line_push(out);
        t->s = arena_strdup(&doc->mem, joined.s);
        t->line = line;
        t->col = 1;
        t->fields = f;
        t->n_fields = (int)n;
        t->width = g->n_cols;
    }
    sb_free(&joined);
}

tline *doc_lines(import_doc *doc, size_t *n)
{
    line_list out = {0};
    for (size_t i = 0; i < doc->n; i++) {
        const doc_item *it = &doc->v[i];
        if (it->text) {
            tline *t = line_push(&out);
            t->s = it->text;
            t->line = it->line;
            t->col = 1;
            continue;
        }
        const doc_grid *g = it->grid;
        for (int r = 0; r < g->n_rows; r++) {
            int line = g->row_line[r] ? g->row_line[r] : it->line;
            if (!is_frame(g)) {
                grid_row_line(doc, g, r, line, &out);
                continue;
            }
            for (size_t k = 0; k < g->n_cells; k++)
                if (g->cells[k].row == r && g->cells[k].text[0]) {
                    tline *t = line_push(&out);
                    t->s = g->cells[k].text;
                    t->line = line;
                    t->col = 1;
                }
        }
    }
    *n = out.n;
    return out.v;
}
