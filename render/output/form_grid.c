/* form_grid.c — a statutory table as one grid for the web page and the
 * Word file: each block made by the layout's build_block (so the header
 * rows, the stub and every span are exactly those of the PDF and of the
 * template's trees), the blocks stacked, and a block narrower than the
 * widest one widened in its last column, as the PDF draws it. */
#include <stdlib.h>
#include <string.h>

#include "layout/table.h"
#include "output/form.h"

static form_cell_kind kind_of(const gcell *c, int title, int stub)
{
    if (c->numeric)
        return FC_VALUE;
    if (c->header && title && c->row == 0)
        return FC_TITLE;
    if (c->header && c->col < stub)
        return FC_CORNER;
    return c->header ? FC_COLUMN : FC_ROW;
}

static int stub_of(const gtable *g)
{
    int s = g->n_cols;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && g->cells[i].col < s)
            s = g->cells[i].col;
    return s;
}

static int by_position(const void *a, const void *b)
{
    const form_cell *x = a, *y = b;
    return x->row != y->row ? (x->row > y->row) - (x->row < y->row)
                            : (x->col > y->col) - (x->col < y->col);
}

void form_grid_make(form_grid *g, const xxgk_report *r, const ttable *tt)
{
    memset(g, 0, sizeof *g);
    size_t nb = tt->n_blocks ? tt->n_blocks : 1;
    gtable *gs = xmalloc(nb * sizeof *gs);
    memset(gs, 0, nb * sizeof *gs);
    for (size_t k = 0; k < tt->n_blocks; k++) {
        build_block(&gs[k], r, &tt->blocks[k]);
        if (gs[k].n_cols > g->n_cols)
            g->n_cols = gs[k].n_cols;
        g->n_rows += gs[k].n_rows;
        g->n_cells += gs[k].n_cells;
    }
    g->n_blocks = (int)tt->n_blocks;
    size_t nc = (size_t)(g->n_cells ? g->n_cells : 1), nr = (size_t)(g->n_rows ? g->n_rows : 1);
    g->cells = xmalloc(nc * sizeof *g->cells);
    memset(g->cells, 0, nc * sizeof *g->cells);
    g->head_rows = xmalloc(nr * sizeof *g->head_rows);
    memset(g->head_rows, 0, nr * sizeof *g->head_rows);
    int row0 = 0, n = 0;
    for (size_t k = 0; k < tt->n_blocks; k++) {
        const gtable *b = &gs[k];
        int title = tt->blocks[k].title && *tt->blocks[k].title ? 1 : 0, stub = stub_of(b);
        for (int i = 0; i < b->n_cells; i++) {
            const gcell *c = &b->cells[i];
            form_cell *f = &g->cells[n++];
            f->row = row0 + c->row;
            f->col = c->col;
            f->rs = c->rs;
            f->cs = c->cs + (c->col + c->cs == b->n_cols ? g->n_cols - b->n_cols : 0);
            f->text = arena_strdup(&g->mem, c->text ? c->text : "");
            f->kind = kind_of(c, title, stub);
            f->centred = c->centred;
            f->block = (int)k;
            f->block_head = row0;
            f->block_body = row0 + b->n_head;
        }
        for (int i = 0; i < b->n_head; i++)
            g->head_rows[row0 + i] = 1;
        row0 += b->n_rows;
        gt_free(&gs[k]);
    }
    free(gs);
    qsort(g->cells, (size_t)g->n_cells, sizeof *g->cells, by_position);
}

void form_grid_free(form_grid *g)
{
    free(g->cells);
    free(g->head_rows);
    arena_free(&g->mem);
}
