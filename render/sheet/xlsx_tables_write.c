/* xlsx_tables_write.c — a statutory table as a sheet, laid out like the
 * printed table: the table's heading, then each block (its title row, the
 * column labels as a tree of merged cells over the stub's corner, the row
 * labels down the stub, one merged range per group), the figures unlocked
 * with a validation of their column's type (counts whole ≥ 0, 本年增/减 whole
 * and signed, money ≥ 0 with at most four decimals), each total a formula
 * over its parts so the sheet sums as the clerk types.  The sheet is
 * protected without a password (labels stay put; rows may be inserted). */
#include <stdio.h>
#include <string.h>

#include "sheet/sheet.h"

typedef struct {
    lxw_worksheet *ws;
    lxw_format *label, *head, *number, *money, *total;
    int stub; /* stub columns: 0 when the block has no row labels (四) */
} table_out;

static void put(table_out *T, int r0, int c0, int r1, int c1, const char *s, lxw_format *f)
{
    if (r0 == r1 && c0 == c1)
        worksheet_write_string(T->ws, (lxw_row_t)r0, (lxw_col_t)c0, s, f);
    else
        worksheet_merge_range(T->ws, (lxw_row_t)r0, (lxw_col_t)c0, (lxw_row_t)r1, (lxw_col_t)c1, s,
                              f);
}

static void col_nodes(table_out *T, const tblock *b, const hnode *n, int top)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        int r = top + c->depth - 1, last = c->n_children ? r : top + b->col_depth - 1;
        put(T, r, T->stub + c->first_leaf, last, T->stub + c->first_leaf + c->n_leaves - 1,
            c->label ? c->label : "", T->head);
        col_nodes(T, b, c, top);
    }
}

static void row_nodes(table_out *T, const tblock *b, const hnode *n, int top)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        int col = c->depth - 1, last = c->n_children ? col : T->stub - 1;
        put(T, top + c->first_leaf, col, top + c->first_leaf + c->n_leaves - 1, last,
            c->label ? c->label : "", T->label);
        row_nodes(T, b, c, top);
    }
}

static void validate(table_out *T, int row, int col, value_type type)
{
    lxw_data_validation v = {0};
    char formula[96];
    if (type == VT_AMOUNT) {
        char name[16];
        lxw_rowcol_to_cell(name, (lxw_row_t)row, (lxw_col_t)col);
        snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s),%s>=0,ROUND(%s,4)=%s)", name, name,
                 name, name);
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.value_formula = formula;
        v.error_message = "金额应为不小于 0 的数，最多四位小数";
    } else {
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = type == VT_DELTA ? -999999999 : 0;
        v.maximum_number = 999999999;
        v.error_message =
            type == VT_DELTA ? "本年增/减应为整数（可为负数）" : "件数应为不小于 0 的整数";
    }
    v.error_title = "数值不合格式";
    worksheet_data_validation_cell(T->ws, (lxw_row_t)row, (lxw_col_t)col, &v);
}

/* The first total relation of each cell, or -1. */
static int total_of(const tblock *b, int at)
{
    for (size_t k = 0; k < b->n_totals; k++)
        if (b->relations[k].cell == at)
            return (int)k;
    return -1;
}

static void figures(table_out *T, const xxgk_report *r, const tblock *b, int top)
{
    for (int i = 0; i < b->n_rows; i++)
        for (int j = 0; j < b->n_cols; j++) {
            const cell *c = report_cell(r, b, i, j);
            int usable = c->state == CELL_GIVEN || c->state == CELL_COMPUTED;
            double v = usable ? (double)c->v / XXGK_SCALE : 0;
            int row = top + i, col = T->stub + j, k = total_of(b, i * b->n_cols + j);
            value_type type = b->col_leaves[j]->type;
            if (k >= 0) {
                const relation *rel = &b->relations[k];
                strbuf f = {0};
                sb_add(&f, "=");
                for (int p = 0; p < rel->n_right; p++) {
                    char name[16];
                    lxw_rowcol_to_cell(name, (lxw_row_t)(top + rel->right[p] / b->n_cols),
                                       (lxw_col_t)(T->stub + rel->right[p] % b->n_cols));
                    sb_printf(&f, "%s%s", p ? "+" : "", name);
                }
                worksheet_write_formula_num(T->ws, (lxw_row_t)row, (lxw_col_t)col, f.s, T->total,
                                            v);
                sb_free(&f);
                continue;
            }
            lxw_format *fmt = type == VT_AMOUNT ? T->money : T->number;
            if (usable)
                worksheet_write_number(T->ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt);
            else
                worksheet_write_blank(T->ws, (lxw_row_t)row, (lxw_col_t)col, fmt);
            validate(T, row, col, type);
        }
}

static int has_row_labels(const tblock *b)
{
    for (int i = 0; i < b->n_rows; i++)
        for (const hnode *n = b->row_leaves[i]; n && n->parent; n = n->parent)
            if (n->label && n->label[0])
                return 1;
    return 0;
}

static lxw_format *fmt(lxw_workbook *wb, int bold, int locked, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold)
        format_set_bold(f);
    if (!locked)
        format_set_unlocked(f);
    if (num)
        format_set_num_format(f, num);
    return f;
}

void xlsx_write_table(lxw_workbook *wb, const xxgk_report *r, const ttable *tt)
{
    table_out T = {.ws = workbook_add_worksheet(wb, tt->section->heading)};
    T.label = fmt(wb, 0, 1, NULL);
    T.head = fmt(wb, 1, 1, NULL);
    format_set_align(T.head, LXW_ALIGN_CENTER);
    T.number = fmt(wb, 0, 0, "0");
    T.money = fmt(wb, 0, 0, "0.####");
    T.total = fmt(wb, 1, 1, "0.####");
    int width = 0, row = 2;
    for (size_t k = 0; k < tt->n_blocks; k++) {
        const tblock *b = &tt->blocks[k];
        int w = (has_row_labels(b) ? b->row_depth : 0) + b->n_cols;
        width = w > width ? w : width;
    }
    put(&T, 0, 0, 0, width - 1, tt->section->heading, T.head);
    for (size_t k = 0; k < tt->n_blocks; k++) {
        const tblock *b = &tt->blocks[k];
        T.stub = has_row_labels(b) ? b->row_depth : 0;
        int w = T.stub + b->n_cols;
        if (b->title)
            put(&T, row, 0, row, w - 1, b->title, T.head), row++;
        if (T.stub)
            put(&T, row, 0, row + b->col_depth - 1, T.stub - 1,
                b->stub_header ? b->stub_header : "", T.head);
        col_nodes(&T, b, b->cols, row);
        row += b->col_depth;
        if (T.stub)
            row_nodes(&T, b, b->rows, row);
        figures(&T, r, b, row);
        row += b->n_rows + 1;
    }
    worksheet_set_column(T.ws, 0, 0, 34, NULL);
    worksheet_set_column(T.ws, 1, 1, 24, NULL);
    worksheet_set_column(T.ws, 2, (lxw_col_t)(width > 2 ? width - 1 : 2), 12, NULL);
    lxw_protection p = {.insert_rows = 1, .delete_rows = 1, .format_columns = 1, .format_rows = 1};
    worksheet_protect(T.ws, NULL, &p);
}
