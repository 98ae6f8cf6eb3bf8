/* cells.c — the stable tab-separated export of every table cell. */
#include "model/model.h"

static void write_block(const xxgk_report *r, const tblock *b, FILE *out, arena *a)
{
    for (int i = 0; i < b->n_rows; i++) {
        const hnode *row = b->row_leaves[i];
        const char *rp = node_label_path(a, row, "/");
        for (int j = 0; j < b->n_cols; j++) {
            const cell *c = report_cell(r, b, i, j);
            char v[48] = "";
            if (c->state == CELL_GIVEN || c->state == CELL_COMPUTED)
                format_value(c->v, v, sizeof v);
            fprintf(out, "%s\t%s%s%s\t%s\t%s\n", b->table->section->number,
                    b->title ? b->title : "", b->title && *rp ? "/" : "", rp,
                    node_label_path(a, b->col_leaves[j], "/"), v);
        }
    }
}

void xxgk_write_cells(const xxgk_report *r, FILE *out)
{
    arena a = {0};
    for (size_t k = 0; k < r->tpl->n_blocks; k++)
        write_block(r, r->tpl->blocks[k], out, &a);
    arena_free(&a);
}
