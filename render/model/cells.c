/* cells.c — the stable tab-separated export of every table cell. */
#include <string.h>

#include "model/model.h"

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_line(FILE *out, int csv, const char *const f[4])
{
    for (int i = 0; i < 4; i++) {
        if (i)
            fputc(csv ? ',' : '\t', out);
        if (csv)
            csv_field(out, f[i]);
        else
            fputs(f[i], out);
    }
    fputc('\n', out);
}

static void write_block(const xxgk_report *r, const tblock *b, FILE *out, arena *a, int csv)
{
    for (int i = 0; i < b->n_rows; i++) {
        const hnode *row = b->row_leaves[i];
        const char *rp = node_label_path(a, row, "/");
        for (int j = 0; j < b->n_cols; j++) {
            const cell *c = report_cell(r, b, i, j);
            char v[48] = "";
            if (c->state == CELL_GIVEN || c->state == CELL_COMPUTED)
                format_value(c->v, v, sizeof v);
            const char *f[4] = {
                b->table->section->number,
                arena_printf(a, "%s%s%s", b->title ? b->title : "", b->title && *rp ? "/" : "", rp),
                node_label_path(a, b->col_leaves[j], "/"), v};
            write_line(out, csv, f);
        }
    }
}

void xxgk_write_cells(const xxgk_report *r, FILE *out)
{
    arena a = {0};
    for (size_t k = 0; k < r->tpl->n_blocks; k++)
        write_block(r, r->tpl->blocks[k], out, &a, 0);
    arena_free(&a);
}

/* Excel reads a CSV as the locale's code page unless it opens with the BOM. */
void xxgk_write_cells_csv(const xxgk_report *r, FILE *out)
{
    arena a = {0};
    fputs("\xef\xbb\xbf", out);
    const char *head[4] = {"部分", "行", "列", "数值"};
    write_line(out, 1, head);
    for (size_t k = 0; k < r->tpl->n_blocks; k++)
        write_block(r, r->tpl->blocks[k], out, &a, 1);
    arena_free(&a);
}
