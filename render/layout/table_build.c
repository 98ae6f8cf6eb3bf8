/* table_build.c — the grid of a table and the one size of the tables.
 *
 * A block of a statutory table becomes a grid of cells: the column header
 * tree as header rows, the row tree as stub columns, a cell for every
 * value.  The columns are given widths, every cell's text is composed in
 * its width (a centred label balanced over its lines), and the rows take
 * the height of their tallest cell.  The three tables share one size, the
 * smallest of those each would choose alone (the largest at which its
 * numbers fit its columns and, when one does, it fits a page whole).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/table.h"

static gcell *gt_add(gtable *g, int row, int col, int rs, int cs, const char *text, int header)
{
    if (g->n_cells == g->cap_cells) {
        g->cap_cells = g->cap_cells ? 2 * g->cap_cells : 64;
        g->cells = xrealloc(g->cells, (size_t)g->cap_cells * sizeof *g->cells);
    }
    gcell *c = &g->cells[g->n_cells++];
    memset(c, 0, sizeof *c);
    c->row = row;
    c->col = col;
    c->rs = rs;
    c->cs = cs;
    c->text = text ? text : "";
    c->header = header;
    c->centred = 1;
    return c;
}

void gt_free(gtable *g)
{
    for (int i = 0; i < g->n_cells; i++) {
        composition_free(&g->cells[i].comp);
        shaped_text_free(&g->cells[i].span.shaped);
    }
    free(g->cells);
    free(g->col_w);
    free(g->row_h);
    arena_free(&g->mem);
}

static int tree_depth(const hnode *n)
{
    int d = 0;
    for (size_t i = 0; i < n->n_children; i++) {
        int k = tree_depth(n->children[i]);
        d = k > d ? k : d;
    }
    return n->parent || n->n_children ? d + (n->parent ? 1 : 0) : 0;
}

static void add_col_headers(gtable *g, const hnode *n, int head_rows, int stub, int row_off)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *ch = n->children[i];
        int leafy = ch->n_children == 0;
        gt_add(g, row_off + ch->depth - 1, stub + ch->first_leaf,
               leafy ? head_rows - ch->depth + 1 : 1, ch->n_leaves, ch->label, 1);
        add_col_headers(g, ch, head_rows, stub, row_off);
    }
}

static void add_row_labels(gtable *g, const hnode *n, int stub, int row_off)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *ch = n->children[i];
        int leafy = ch->n_children == 0;
        gcell *c = gt_add(g, row_off + ch->first_leaf, ch->depth - 1, ch->n_leaves,
                          leafy ? stub - ch->depth + 1 : 1, ch->label, 0);
        c->centred = !leafy; /* group labels centred, row labels flush left */
        add_row_labels(g, ch, stub, row_off);
    }
}

static int block_has_stub(const tblock *b)
{
    if (b->stub_header && *b->stub_header)
        return 1;
    for (int i = 0; i < b->n_rows; i++)
        if (b->row_leaves[i]->label && *b->row_leaves[i]->label)
            return 1;
    return 0;
}

/* The grid of one block: [title row] column header rows, then a row per
 * row leaf; stub columns for the row tree. */
void build_block(gtable *g, const xxgk_report *r, const tblock *b)
{
    memset(g, 0, sizeof *g);
    int head = b->col_depth > 0 ? b->col_depth : tree_depth(b->cols);
    int stub = block_has_stub(b) ? (b->row_depth > 0 ? b->row_depth : tree_depth(b->rows)) : 0;
    int title = b->title && *b->title ? 1 : 0;
    g->n_head = title + head;
    g->n_rows = g->n_head + b->n_rows;
    g->n_cols = stub + b->n_cols;
    if (title)
        gt_add(g, 0, 0, 1, g->n_cols, b->title, 1);
    if (stub)
        gt_add(g, title, 0, head, stub, b->stub_header, 1);
    add_col_headers(g, b->cols, head, stub, title);
    if (stub)
        add_row_labels(g, b->rows, stub, g->n_head);
    for (int ri = 0; ri < b->n_rows; ri++)
        for (int ci = 0; ci < b->n_cols; ci++) {
            const cell *v = report_cell(r, b, ri, ci);
            const char *text = "";
            if (v->state == CELL_GIVEN || v->state == CELL_COMPUTED) {
                char buf[48];
                format_value(v->v, buf, sizeof buf);
                text = arena_strdup(&g->mem, buf);
            }
            gcell *c = gt_add(g, g->n_head + ri, stub + ci, 1, 1, text, 0);
            c->numeric = 1;
        }
    g->col_w = xmalloc((size_t)g->n_cols * sizeof *g->col_w);
    g->row_h = xmalloc((size_t)g->n_rows * sizeof *g->row_h);
}

static double text_width(layout *L, const char *text, double size)
{
    one_line ol;
    if (!one_line_make(L, &ol, XXGK_ROLE_BODY, size, text, 0, "表格"))
        return 0;
    double w = ol.width;
    one_line_free(&ol);
    return w;
}

static int stub_cols(const gtable *g)
{
    int s = g->n_cols;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && g->cells[i].col < s)
            s = g->cells[i].col;
    return s;
}

/* The widest label of one column on one line (cells spanning no other). */
static double label_width(layout *L, const gtable *g, int col, double f)
{
    double w = 0;
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        if (c->col == col && c->cs == 1 && !c->header && !c->numeric && *c->text) {
            double k = text_width(L, c->text, f);
            w = k > w ? k : w;
        }
    }
    return w;
}

/* Column widths at size f; 0 when the numbers or the stub do not fit. */
int set_widths(layout *L, gtable *g, double f, double widest_number, int strict)
{
    const page_style *ps = L->ps;
    double W = ps->width, p = ps->pad_x;
    int stub = stub_cols(g), nv = g->n_cols - stub;
    double need_v = widest_number + 2 * p;
    double header_min = 2 * f + 2 * p; /* a header may wrap down to two characters a line */
    if (need_v < header_min)
        need_v = header_min;
    if (stub == 0) {
        double v = W / nv;
        for (int i = 0; i < nv; i++)
            g->col_w[i] = v;
        return v + EPS >= need_v || !strict;
    }
    double mins[3] = {0};
    double stub_min = 0;
    if (stub >= 3) {
        mins[0] = 1.5 * f + 2 * p;
        mins[1] = 4 * f + 2 * p;
        mins[2] = 6 * f + 2 * p;
    } else {
        for (int i = 0; i < stub; i++)
            mins[i] = 6 * f / stub + 2 * p;
    }
    for (int i = 0; i < stub && i < 3; i++)
        stub_min += mins[i];
    /* The last label column as wide as its longest label on one line: the
     * value columns give up their comfort (not their need) for it. */
    double stub_want = stub_min - mins[stub < 3 ? stub - 1 : 2] + label_width(L, g, stub - 1, f) + 2 * p;
    stub_want = stub_want > stub_min ? stub_want : stub_min;
    double v_nice = nv > 3 ? 3 * f + 2 * p : (W * 0.55) / nv;
    double v = v_nice > need_v ? v_nice : need_v;
    if (W - v * nv < stub_want)
        v = (W - stub_want) / nv > need_v ? (W - stub_want) / nv : need_v;
    if (W - v * nv < stub_min)
        v = (W - stub_min) / nv;
    if (strict && v + EPS < need_v)
        return 0;
    double stub_w = W - v * nv;
    if (stub >= 3) {
        g->col_w[0] = mins[0];
        g->col_w[1] = mins[1];
        g->col_w[2] = stub_w - mins[0] - mins[1];
        for (int i = 3; i < stub; i++)
            g->col_w[i] = 0;
    } else {
        for (int i = 0; i < stub; i++)
            g->col_w[i] = stub_w / stub;
    }
    for (int i = 0; i < nv; i++)
        g->col_w[stub + i] = v;
    return 1;
}

static double span_width(const gtable *g, const gcell *c)
{
    double w = 0;
    for (int i = c->col; i < c->col + c->cs; i++)
        w += g->col_w[i];
    return w;
}

/* The size and the text of cell c: a number too wide for its column at the
 * table's size is shrunk alone; a group label too long for its cell has
 * its enumerator （三） on a line of its own. */
static void fit_cell_text(layout *L, gtable *g, gcell *c, double inner)
{
    const page_style *ps = L->ps;
    c->size = g->size;
    if (c->numeric && *c->text) {
        double w = text_width(L, c->text, g->size);
        if (w > inner) {
            /* Only an absurd value gets here: shrink this cell alone. */
            double s = floor(g->size * inner / w * 10) / 10;
            c->size = s < ps->table_min_number ? ps->table_min_number : s;
        }
    }
    const char *enclose = "（";
    const char *close = strstr(c->text, "）");
    if (!c->header && c->centred && !strncmp(c->text, enclose, strlen(enclose)) && close &&
        close - c->text <= 12 && close[strlen("）")] && text_width(L, c->text, c->size) > inner) {
        size_t k = (size_t)(close - c->text) + strlen("）");
        c->text = arena_printf(&g->mem, "%.*s\n%s", (int)k, c->text, c->text + k);
    }
}

/* Balance the lines of a centred cell: the narrowest measure that keeps
 * the number of lines (商业/企业, not 商业企/业). */
static void balance_cell(gcell *c, const compose_span *cs, compose_opts *o, double inner)
{
    size_t lines = c->comp.n_lines;
    double lo = inner / (double)lines, hi = inner;
    for (int it = 0; it < 12; it++) {
        double mid = (lo + hi) / 2;
        composition t;
        o->measure = mid;
        compose_paragraph(cs, 1, o, &t);
        int ok = t.n_lines == lines;
        for (size_t k = 0; ok && k < t.n_lines; k++)
            ok = !t.lines[k].overfull;
        composition_free(&t);
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    composition_free(&c->comp);
    o->measure = hi;
    compose_paragraph(cs, 1, o, &c->comp);
    for (size_t k = 0; k < c->comp.n_lines; k++)
        c->comp.lines[k].available = inner;
}

/* Shape and compose the text of cell c in its inner width; c->ok when it
 * can be drawn. */
static void compose_cell(layout *L, const gtable *g, gcell *c, double inner)
{
    c->span.role = XXGK_ROLE_BODY;
    c->span.size = c->size;
    c->span.text = c->text;
    c->span.len = strlen(c->text);
    c->ok = 0;
    if (!c->span.len)
        return;
    if (xxgk_fonts_shape(L->fonts, XXGK_ROLE_BODY, c->size, c->text, c->span.len,
                         &c->span.shaped) != 0) {
        report_undrawable(L, &c->span, g->name, NULL);
        return;
    }
    compose_span cs;
    to_compose_spans(&c->span, 1, &cs);
    compose_opts o;
    compose_opts_default(&o, inner);
    o.justify = 0;
    o.avoid_orphan = 0;
    compose_paragraph(&cs, 1, &o, &c->comp);
    if (c->centred && c->comp.n_lines > 1)
        balance_cell(c, &cs, &o, inner);
    c->text_h = (double)c->comp.n_lines * c->size * L->ps->table_line_em;
    c->ok = 1;
}

/* Every row as tall as its tallest cell; a cell spanning rows that needs
 * more than they have shares the difference out among them. */
static void row_heights(const layout *L, gtable *g)
{
    const page_style *ps = L->ps;
    double min_h = g->size * ps->table_line_em + 2 * ps->pad_y;
    for (int r = 0; r < g->n_rows; r++)
        g->row_h[r] = min_h;
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        if (c->rs == 1 && c->text_h + 2 * ps->pad_y > g->row_h[c->row])
            g->row_h[c->row] = c->text_h + 2 * ps->pad_y;
    }
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        if (c->rs <= 1)
            continue;
        double have = 0, need = c->text_h + 2 * ps->pad_y;
        for (int r = c->row; r < c->row + c->rs; r++)
            have += g->row_h[r];
        if (need > have)
            for (int r = c->row; r < c->row + c->rs; r++)
                g->row_h[r] += (need - have) / c->rs;
    }
}

/* Compose the text of every cell and the row heights. */
void compose_cells(layout *L, gtable *g)
{
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        double inner = span_width(g, c) - 2 * L->ps->pad_x;
        fit_cell_text(L, g, c, inner);
        compose_cell(L, g, c, inner);
    }
    row_heights(L, g);
}

double widest_number(layout *L, const gtable *g, double f)
{
    double w = 0;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && *g->cells[i].text) {
            double k = text_width(L, g->cells[i].text, f);
            w = k > w ? k : w;
        }
    return w;
}

double rows_height(const double *h, int a, int b)
{
    double s = 0;
    for (int r = a; r <= b; r++)
        s += h[r];
    return s;
}

/* The table size: the largest at which the numbers and the value headers
 * fit their columns (10.5 pt, 五号, unless a table has too many columns);
 * a table too long for a page continues on the next one. */
static double choose_table_size(layout *L, gtable *gs, int n)
{
    const page_style *ps = L->ps;
    for (int k = 0; k < ps->n_table_sizes; k++) {
        double f = ps->table_sizes[k];
        int ok = 1;
        for (int i = 0; i < n && ok; i++)
            ok = set_widths(L, &gs[i], f, widest_number(L, &gs[i], f), 1);
        if (ok)
            return f;
    }
    return ps->table_sizes[ps->n_table_sizes - 1];
}

void build_table(layout *L, const ttable *tt, gtable *gs)
{
    for (size_t i = 0; i < tt->n_blocks; i++) {
        build_block(&gs[i], L->r, &tt->blocks[i]);
        gs[i].name = tt->section ? tt->section->number : "";
        gs[i].block = (int)i;
    }
}

/* The size of table tt, its blocks at one size. */
double table_size_for(layout *L, const ttable *tt)
{
    if (!tt || !tt->n_blocks)
        return L->ps->table_sizes[0];
    gtable *gs = xmalloc(tt->n_blocks * sizeof *gs);
    build_table(L, tt, gs);
    double f = choose_table_size(L, gs, (int)tt->n_blocks);
    for (size_t i = 0; i < tt->n_blocks; i++)
        gt_free(&gs[i]);
    free(gs);
    return f;
}
