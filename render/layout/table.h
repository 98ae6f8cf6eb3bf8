/* table.h — the grid of a table, shared by the two halves of the table
 * code: table_build.c makes it (the cells of a block from its header trees
 * and values, the column widths, the composed text of every cell, the row
 * heights, the one size of the three tables) and table_place.c sets it on
 * the pages (rows cut into fragments at page ends, groups of rows kept
 * whole, the header rows repeated on every page).
 */
#ifndef XXGK_LAYOUT_TABLE_H
#define XXGK_LAYOUT_TABLE_H

#include "layout/layout_internal.h"

typedef struct {
    int row, col, rs, cs;
    const char *text;
    int numeric;
    int header;
    int centred;
    double size;
    text_span span;
    composition comp;
    double text_h;
    int ok;
} gcell;

typedef struct {
    int n_rows, n_cols, n_head;
    double *col_w, *row_h;
    gcell *cells;
    int n_cells, cap_cells;
    double size;
    const char *name;
    int block; /* index of the block in its table */
    arena mem;
} gtable;

/* The grid of one block: [title row] column header rows, then a row per
 * row leaf; stub columns for the row tree. */
void build_block(gtable *g, const xxgk_report *r, const tblock *b);
/* The grids of every block of tt into gs (tt->n_blocks of them). */
void build_table(layout *L, const ttable *tt, gtable *gs);
void gt_free(gtable *g);
/* The width of the widest number of g at size f. */
double widest_number(layout *L, const gtable *g, double f);
/* Column widths at size f; 0 when the numbers or the stub do not fit. */
int set_widths(layout *L, gtable *g, double f, double widest_number, int strict);
/* Compose the text of every cell and the row heights. */
void compose_cells(layout *L, gtable *g);
/* The height of rows [a, b]. */
double rows_height(const double *h, int a, int b);

/* The dump record of a cell (dump.c). */
void dump_cell(layout *L, const gtable *g, const gcell *c, double x, double y, double w, double h,
               const char *table_name, double max_w);

#endif
