/* page_style.c — the page style: every number of the page, read from
 * layouts/page-gbt9704.json (paper, type area and the 22 × 28 grid of
 * GB/T 9704, the sizes, the title, the 落款, the seal, notes, page numbers,
 * the spacing of the composer and the tables).
 *
 * The numbers are data, not code, so that a provincial house variant is a
 * data change.  A number the file lacks takes its GB/T 9704 value, and one
 * L01 warning says how many did: the layout still comes out right.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/datafiles.h"
#include "layout/layout.h"

#define MM(x) ((x)*72.0 / 25.4)

static double num(json_t *o, const char *path, double dflt, int *missing)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = json_object_get(cur, tok);
    if (!json_is_number(cur)) {
        if (missing)
            (*missing)++;
        return dflt;
    }
    return json_number_value(cur);
}

/* The page style file, parsed; NULL when there is none or it is not JSON
 * (an L00 error). */
static json_t *page_style_json(xxgk_diags *d)
{
    const char *data;
    size_t size;
    if (!data_file("page-gbt9704.json", &data, &size)) {
        diag_add(d, XXGK_ERROR, "L00", NULL, "找不到版式数据 layouts/page-gbt9704.json");
        return NULL;
    }
    json_error_t err;
    json_t *j = json_loadb(data, size, 0, &err);
    if (!j)
        diag_add(d, XXGK_ERROR, "L00", NULL, "layouts/page-gbt9704.json 无法读取：%s（第%d行）",
                 err.text, err.line);
    return j;
}

/* Paper, type area and the grid. */
static void read_page(page_style *ps, json_t *j, int *miss)
{
    ps->paper_w = MM(num(j, "paper.width_mm", 210, miss));
    ps->paper_h = MM(num(j, "paper.height_mm", 297, miss));
    ps->top = MM(num(j, "type_area.top_mm", 37, miss));
    ps->left = MM(num(j, "type_area.left_mm", 28, miss));
    ps->width = MM(num(j, "type_area.width_mm", 156, miss));
    ps->height = MM(num(j, "type_area.height_mm", 225, miss));
    ps->lines = (int)num(j, "grid.lines", 22, miss);
    ps->chars = (int)num(j, "grid.chars", 28, miss);
    ps->pitch = num(j, "grid.line_pitch_pt", 28.95, miss);
    ps->cell = ps->width / (ps->chars > 0 ? ps->chars : 28);
}

/* Type sizes, pt; the table sizes in the order they are tried. */
static void read_sizes(page_style *ps, json_t *j, int *miss)
{
    ps->size_title = num(j, "sizes_pt.title", 22, miss);
    ps->size_body = num(j, "sizes_pt.body", 16, miss);
    ps->size_heading = num(j, "sizes_pt.heading", 16, miss);
    ps->size_page_number = num(j, "sizes_pt.page_number", 14, miss);
    ps->size_draft = num(j, "sizes_pt.draft_mark", 16, miss);
    json_t *ts = json_object_get(json_object_get(j, "sizes_pt"), "table");
    size_t i;
    json_t *v;
    json_array_foreach(ts, i, v)
    {
        if (ps->n_table_sizes < 8 && json_is_number(v))
            ps->table_sizes[ps->n_table_sizes++] = json_number_value(v);
    }
    if (ps->n_table_sizes == 0) {
        ps->table_sizes[ps->n_table_sizes++] = 10.5;
        (*miss)++;
    }
    ps->table_min_number = num(j, "sizes_pt.table_min_number", 5, miss);
}

/* Where the body, the title, the 落款, the seal, notes and page numbers go. */
static void read_placement(page_style *ps, json_t *j, int *miss)
{
    ps->first_indent_chars = num(j, "body.first_line_indent_chars", 2, miss);
    ps->title_blank_after = (int)num(j, "title.blank_lines_after", 1, miss);
    ps->title_max_lines = (int)num(j, "title.max_lines", 3, miss);
    ps->sig_blank_before = (int)num(j, "signature.blank_lines_before", 1, miss);
    ps->sig_right_chars = num(j, "signature.right_indent_chars", 2, miss);
    ps->sig_date_shift_chars = num(j, "signature.date_shift_chars", 2, miss);
    ps->seal_size = MM(num(j, "seal.size_mm", 42, miss));
    ps->seal_date_right_chars = num(j, "seal.date_right_indent_chars", 4, miss);
    ps->seal_top_max_lines = num(j, "seal.top_within_lines", 1, miss);
    ps->notes_indent_chars = num(j, "notes.left_indent_chars", 2, miss);
    ps->pn_below = MM(num(j, "page_number.below_type_area_mm", 7, miss));
    ps->pn_inset_em = num(j, "page_number.edge_inset_em", 1, miss);
    const char *dash =
        json_string_value(json_object_get(json_object_get(j, "page_number"), "dash"));
    snprintf(ps->pn_dash, sizeof ps->pn_dash, "%s", dash ? dash : "—");
}

/* The spacing of the composer and the tables. */
static void read_spacing(page_style *ps, json_t *j, int *miss)
{
    ps->gap_em = num(j, "spacing.han_latin_gap_em", 0.25, miss);
    ps->gap_min_em = num(j, "spacing.han_latin_gap_min_em", 0.125, miss);
    ps->gap_max_em = num(j, "spacing.han_latin_gap_max_em", 1.0 / 3, miss);
    ps->space_min_em = num(j, "spacing.space_min_em", 0.25, miss);
    ps->space_max_em = num(j, "spacing.space_max_em", 0.5, miss);
    ps->rule_width = num(j, "table.rule_width_pt", 0.75, miss);
    ps->pad_x = num(j, "table.cell_padding_x_pt", 2.5, miss);
    ps->pad_y = num(j, "table.cell_padding_y_pt", 3, miss);
    ps->table_line_em = num(j, "table.line_spacing_em", 1.25, miss);
    ps->table_space_before = num(j, "table.space_before_pt", 6, miss);
    ps->table_min_rows = (int)num(j, "table.min_rows_at_page_bottom", 3, miss);
    ps->table_keep_outer_groups = num(j, "table.keep_outer_groups", 1, miss) != 0;
}

int page_style_load(page_style *ps, xxgk_diags *d)
{
    memset(ps, 0, sizeof *ps);
    json_t *j = page_style_json(d);
    if (!j)
        return -1;
    int miss = 0;
    read_page(ps, j, &miss);
    read_sizes(ps, j, &miss);
    read_placement(ps, j, &miss);
    read_spacing(ps, j, &miss);
    json_decref(j);
    if (miss)
        diag_add(d, XXGK_WARNING, "L01", NULL,
                 "layouts/page-gbt9704.json 缺少 %d 个数值，已用 GB/T 9704 默认值", miss);
    return 0;
}
