/* table_place.c — a table set on the pages.
 *
 * Rows go on a page while they fit; every page of a table repeats its
 * header rows; a group of rows under one label is kept whole when it fits
 * a page; a table does not start at a page end with fewer than the page
 * style's minimum of rows; a spanning label cut by a page end is repeated,
 * with room for its whole text, on both pages.  A table starts on a grid
 * line; the text after it resumes on the next one.
 */
#include <stdlib.h>

#include "layout/table.h"

static const dl_color black = {0, 0, 0};

static void draw_cell_text(layout *L, const gtable *g, const gcell *c, double x, double y, double w,
                           double h, const char *table_name)
{
    const page_style *ps = L->ps;
    double lh = c->size * ps->table_line_em;
    double y0 = y + (h - c->text_h) / 2;
    double inner = w - 2 * ps->pad_x;
    double max_w = 0;
    for (size_t li = 0; li < c->comp.n_lines; li++) {
        const cline *ln = &c->comp.lines[li];
        double lx = x + ps->pad_x + (c->centred ? (inner - ln->width) / 2 : 0);
        double base = y0 + li * lh + (lh - c->size) / 2 + EM_ASCENT * c->size;
        emit_line(L, &c->comp, li, &c->span, lx, base, y0 + li * lh, lh, NULL);
        max_w = ln->width > max_w ? ln->width : max_w;
    }
    if (L->opt->want_dump)
        dump_cell(L, g, c, x, y, w, h, table_name, max_w);
}

/* Draw rows [r0, r1] of g under its header rows, from L->y; extra[r] is
 * height added on this page for clipped spanning labels. */
static double draw_fragment(layout *L, const gtable *g, int r0, int r1, const double *h)
{
    const page_style *ps = L->ps;
    double *ry = xmalloc((size_t)(g->n_rows + 1) * sizeof *ry);
    double y = L->y;
    for (int r = 0; r < g->n_rows; r++) {
        int visible = r < g->n_head || (r >= r0 && r <= r1);
        ry[r] = y;
        if (visible)
            y += h[r];
    }
    ry[g->n_rows] = y;
    double *cx = xmalloc((size_t)(g->n_cols + 1) * sizeof *cx);
    cx[0] = ps->left;
    for (int i = 0; i < g->n_cols; i++)
        cx[i + 1] = cx[i] + g->col_w[i];
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        int a = c->row, b = c->row + c->rs - 1;
        if (!c->header) {
            a = a > r0 ? a : r0;
            b = b < r1 ? b : r1;
            if (a > b)
                continue;
        }
        double top = ry[a], bot = ry[b] + h[b];
        double x = cx[c->col], w = cx[c->col + c->cs] - x;
        dl_add_rect(L->page, x, top, w, bot - top, 0, ps->rule_width, black);
        if (c->ok)
            draw_cell_text(L, g, c, x, top, w, bot - top, g->name);
    }
    free(cx);
    free(ry);
    return y;
}

/* Heights of rows on a page holding rows [r0, r1]: spanning labels cut by
 * the page get room for their whole text. */
static void fragment_heights(const layout *L, const gtable *g, int r0, int r1, double *h)
{
    for (int r = 0; r < g->n_rows; r++)
        h[r] = g->row_h[r];
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        if (c->header || c->rs <= 1)
            continue;
        int a = c->row > r0 ? c->row : r0, b = c->row + c->rs - 1 < r1 ? c->row + c->rs - 1 : r1;
        if (a > b || (a == c->row && b == c->row + c->rs - 1))
            continue;
        double have = 0, need = c->text_h + 2 * L->ps->pad_y;
        for (int r = a; r <= b; r++)
            have += h[r];
        if (need > have)
            h[b] += need - have;
    }
}

/* Does the group label c hold other groups (三、本年度办理结果 holds
 * （三）不予公开 …)? */
static int holds_groups(const gtable *g, const gcell *c)
{
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *d = &g->cells[i];
        if (d != c && !d->header && !d->numeric && d->rs > 1 && d->row >= c->row &&
            d->row + d->rs <= c->row + c->rs && d->col > c->col)
            return 1;
    }
    return 0;
}

/* The label cell of a group of rows that starts at row k and that fits a
 * page (so is kept together); the group's last row, or -1.  A group that
 * holds other groups may break between them (its label repeated) unless
 * the page style keeps outer groups too. */
static int kept_group_end(const gtable *g, int k, double page_room, int keep_outer)
{
    int end = -1;
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        if (c->header || c->numeric || c->rs <= 1 || c->row != k)
            continue;
        if (!keep_outer && holds_groups(g, c))
            continue;
        int last = c->row + c->rs - 1;
        if (rows_height(g->row_h, c->row, last) <= page_room + EPS && last > end)
            end = last;
    }
    return end;
}

/* The last row of a page that starts with row r and has room for rows. */
static int fragment_end(const gtable *g, int r, double room, double page_room, int keep_outer)
{
    int r1 = r - 1;
    double used = 0;
    for (int k = r; k < g->n_rows; k++) {
        int ge = k > r ? kept_group_end(g, k, page_room, keep_outer) : -1;
        if (ge >= 0 && used + rows_height(g->row_h, k, ge) > room + EPS)
            break;
        if (used + g->row_h[k] > room + EPS)
            break;
        used += g->row_h[k];
        r1 = k;
    }
    return r1;
}

/* Rows a table's first page must hold: min_rows, and a kept group that
 * begins among them whole. */
static int first_rows_needed(const gtable *g, int min_rows, double page_room, int keep_outer)
{
    int last = g->n_head + min_rows - 1;
    if (last >= g->n_rows)
        last = g->n_rows - 1;
    for (int grown = 1; grown;) {
        grown = 0;
        for (int k = g->n_head + 1; k <= last; k++) {
            int ge = kept_group_end(g, k, page_room, keep_outer);
            if (ge > last)
                last = ge, grown = 1;
        }
        /* a group these rows cut into keeps min_rows of its rows here */
        for (int i = 0; i < g->n_cells; i++) {
            const gcell *c = &g->cells[i];
            int end = c->row + c->rs - 1;
            if (c->header || c->numeric || c->rs <= 1 || c->row > last || end <= last)
                continue;
            int from = c->row > g->n_head ? c->row : g->n_head;
            int want = from + min_rows - 1 < end ? from + min_rows - 1 : end;
            if (want > last)
                last = want, grown = 1;
        }
    }
    return last;
}

/* A page end at row r1 (rows from r on the page) that cuts a group of rows
 * leaves at least min_rows of it on each side: else the end moves up, to
 * before the group or to min_rows before its end. */
static int keep_group_parts(const gtable *g, int r, int r1, int min_rows)
{
    for (int moved = 1; moved && r1 > r;) {
        moved = 0;
        for (int i = 0; i < g->n_cells; i++) {
            const gcell *c = &g->cells[i];
            int last = c->row + c->rs - 1;
            if (c->header || c->numeric || c->rs <= 1 || c->row > r1 || last <= r1)
                continue;
            int before = r1 - (c->row > r ? c->row : r) + 1, after = last - r1;
            int to = r1;
            if (after < min_rows && last - min_rows >= r && before - (min_rows - after) >= min_rows)
                to = last - min_rows;
            else if ((before < min_rows || after < min_rows) && c->row > r)
                to = c->row - 1;
            if (to < r1) {
                r1 = to;
                moved = 1;
            }
        }
    }
    return r1;
}

/* （续表） above the header rows of a table's continuation; its height. */
static double continued_mark(layout *L, double size, int draw)
{
    const page_style *ps = L->ps;
    double h = size * ps->table_line_em + ps->pad_y;
    one_line ol;
    if (draw && one_line_make(L, &ol, XXGK_ROLE_BODY, size, "（续表）", 0, "续表")) {
        double base = L->y + (size * ps->table_line_em - size) / 2 + EM_ASCENT * size;
        emit_line(L, &ol.c, 0, &ol.span, ps->left, base, L->y, h, NULL);
        one_line_free(&ol);
    }
    return h;
}

/* continues: the block is not the table's first (a page it starts is a
 * continuation of the table too). */
static void place_table(layout *L, const gtable *g, int min_rows, int continues)
{
    const page_style *ps = L->ps;
    double head_h = rows_height(g->row_h, 0, g->n_head - 1);
    double mark_h = continued_mark(L, g->size, 0);
    double page_room = ps->height - head_h - mark_h;
    double *h = xmalloc((size_t)g->n_rows * sizeof *h);
    /* Never start with fewer than min_rows rows at the bottom of a page. */
    int ko = ps->table_keep_outer_groups;
    int need_last = first_rows_needed(g, min_rows, page_room, ko);
    int first_end = fragment_end(g, g->n_head, bottom(L) - L->y - head_h, page_room, ko);
    if (first_end + 1 < g->n_rows)
        first_end = keep_group_parts(g, g->n_head, first_end, ps->table_min_rows);
    if (L->y > ps->top + EPS && first_end < need_last)
        new_page(L, "table");
    int r = g->n_head;
    while (r < g->n_rows) {
        if (r > g->n_head || (continues && L->y <= ps->top + EPS))
            L->y += continued_mark(L, g->size, 1);
        double room = bottom(L) - L->y - head_h;
        int r1 = fragment_end(g, r, room, page_room, ko);
        if (r1 + 1 < g->n_rows)
            r1 = keep_group_parts(g, r, r1, ps->table_min_rows);
        if (r1 < r)
            r1 = r; /* a row taller than the page: set it anyway */
        for (;;) {
            fragment_heights(L, g, r, r1, h);
            if (r1 == r || rows_height(h, r, r1) <= room + EPS)
                break;
            r1--;
        }
        L->y = draw_fragment(L, g, r, r1, h);
        r = r1 + 1;
        if (r < g->n_rows)
            new_page(L, "table");
    }
    free(h);
}

void layout_table(layout *L, const ttable *tt)
{
    const page_style *ps = L->ps;
    int n = (int)tt->n_blocks;
    gtable *gs = xmalloc((size_t)n * sizeof *gs);
    build_table(L, tt, gs);
    double f = table_size_for(L, tt);
    for (int i = 0; i < n; i++) {
        gs[i].size = f;
        set_widths(L, &gs[i], f, widest_number(L, &gs[i], f), 0);
        compose_cells(L, &gs[i]);
    }
    L->y = ps->top + next_grid_line(L) * ps->pitch;
    for (int i = 0; i < n; i++) {
        /* A small block (table 二) is kept whole. */
        int keep = gs[i].n_rows - gs[i].n_head;
        if (keep > ps->table_min_rows &&
            rows_height(gs[i].row_h, 0, gs[i].n_rows - 1) > ps->height / 2)
            keep = ps->table_min_rows;
        place_table(L, &gs[i], keep, i > 0);
    }
    for (int i = 0; i < n; i++)
        gt_free(&gs[i]);
    free(gs);
}

/* Height needed under a section heading for the start of its table. */
double table_start_need(layout *L, const ttable *tt)
{
    gtable g;
    build_block(&g, L->r, &tt->blocks[0]);
    g.name = "";
    g.size = table_size_for(L, tt);
    set_widths(L, &g, g.size, widest_number(L, &g, g.size), 0);
    int quiet = L->quiet;
    L->quiet = 1;
    compose_cells(L, &g);
    L->quiet = quiet;
    int keep = g.n_rows - g.n_head;
    if (keep > L->ps->table_min_rows && tt->n_blocks == 1)
        keep = L->ps->table_min_rows;
    double head_h = rows_height(g.row_h, 0, g.n_head - 1);
    double need = rows_height(
        g.row_h, 0,
        first_rows_needed(&g, keep, L->ps->height - head_h, L->ps->table_keep_outer_groups));
    gt_free(&g);
    return need;
}
