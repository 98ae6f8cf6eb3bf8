/* table_block.h — what the two halves of reading one block share:
 *   table_block.c   the header, the row labels of the text (items) and
 *                   their alignment with the rows of the format;
 *   table_cells.c   the values of each row into its cells: rows whose
 *                   cells stand at known positions, rows read as they
 *                   stand, blank rows, rows for the solver.
 * table_parts.h is what the other parts of a reading see (read_block).
 */
#ifndef XXGK_IMPORT_TABLE_BLOCK_H
#define XXGK_IMPORT_TABLE_BLOCK_H

#include "import/table_parts.h"

/* The labels of the block's header: the stub header, then the column
 * labels level by level. */
typedef struct {
    const char **labels; /* stub header, then column labels level by level */
    const char **norms;
    int *used;
    size_t n;
} header;

/* The pre-order list of the row tree. */
typedef struct {
    const hnode **v;
    const char **norm;
    int n;
} preorder;

/* A row label of the text with the values printed after it. */
typedef struct {
    const char *raw, *norm;
    int line, col;
    int *vals; /* token indices */
    size_t n_vals, cap;
    int last_in_text; /* the input ends in this row */
    int label_row;    /* the row of cells of the label (token.row), -1 none */
    int label_end;    /* the last position the label covers in that row */
} item;

typedef struct {
    item *v;
    size_t n, cap;
} items;

/* What the phases of reading one block share. */
typedef struct {
    table_read *tr;
    bread *br;
    const tblock *b;
    arena *a;
    header h;
    preorder po;
    int single_row; /* one row without a label: every label is a header */
    items it;
    /* the alignment, per leaf row */
    int *row_item;   /* the item read as this row, -1 none */
    int *skipped_at; /* a row missing: 1 + the item it was missed before, -1 at the start */
    /* the cells */
    int64_t *val; /* the values read */
    int *var;     /* per cell: index of its sparse row, -1 known, -2 missing */
    sparse *sp;   /* the rows printed without their blank cells */
    int n_sp;
    const token **vt; /* the value tokens of the row at hand */
    int *pos;         /* their columns, when the row says (table_cells.c) */
} block_reader;

/* The values of item x joined by 、 (for messages). */
char *item_values_text(arena *a, const tokens *ts, const item *x);

/* ---- table_cells.c ---- */

/* Each row's values into its cells (R->row_item says which item is which
 * row); the rows printed without their blank cells are kept in R->sp. */
void place_values(block_reader *R);
/* Place the values of the rows in R->sp by the rules of the table; a row
 * no placement or more than one fits stays missing (I08). */
void place_sparse_rows(block_reader *R);

#endif
