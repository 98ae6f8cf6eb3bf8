/* editor_grid.c — the form of a format for a program that edits reports
 * (the workbench's page): the sections, and each table block as the grid
 * the PDF prints, made by the layout's own build_block, so that the form's
 * header rows, row labels and spans are exactly the template's; every value
 * cell carries its JSON pointer, its value type, its total rule and its
 * Chinese place, the same strings the diagnostics use. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "layout/table.h"
#include "xxgk_render.h"

static const char *type_name_of(value_type t)
{
    return t == VT_AMOUNT ? "amount" : t == VT_DELTA ? "delta" : "count";
}

static const char *kind_of(const gcell *c, int title, int stub)
{
    if (c->numeric)
        return "value";
    if (c->header && title && c->row == 0)
        return "title";
    if (c->header && c->col < stub)
        return "corner";
    return c->header ? "column" : "row";
}

static int stub_of(const gtable *g)
{
    int s = g->n_cols;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && g->cells[i].col < s)
            s = g->cells[i].col;
    return s;
}

static json_t *block_json(const xxgk_report *r, const tblock *b, arena *a)
{
    gtable g;
    build_block(&g, r, b);
    int title = b->title && *b->title ? 1 : 0, stub = stub_of(&g);
    json_t *rows = json_array();
    for (int i = 0; i < g.n_rows; i++)
        json_array_append_new(rows, json_array());
    for (int i = 0; i < g.n_cells; i++) {
        const gcell *c = &g.cells[i];
        json_t *jc = json_pack("{s:s, s:s, s:i, s:i}", "kind", kind_of(c, title, stub), "text",
                               c->numeric ? ""
                               : c->text  ? c->text
                                          : "",
                               "rowspan", c->rs, "colspan", c->cs);
        if (c->numeric) {
            const hnode *row = b->row_leaves[c->row - g.n_head],
                        *col = b->col_leaves[c->col - stub];
            json_object_set_new(jc, "path", json_string(report_cell_path(a, b, row, col)));
            json_object_set_new(jc, "place", json_string(report_cell_place(a, b, row, col)));
            json_object_set_new(jc, "type", json_string(type_name_of(col->type)));
            const char *rule = col->n_parts ? col->rule : row->n_parts ? row->rule : NULL;
            if (rule)
                json_object_set_new(jc, "total", json_string(rule));
        }
        json_array_append_new(json_array_get(rows, (size_t)c->row), jc);
    }
    json_t *out = json_pack("{s:o}", "rows", rows);
    if (title)
        json_object_set_new(out, "title", json_string(b->title));
    if (b->key)
        json_object_set_new(out, "key", json_string(b->key));
    gt_free(&g);
    return out;
}

char *xxgk_template_form_json(const xxgk_template *t)
{
    if (!t)
        return NULL;
    char *skeleton = xxgk_template_skeleton(t, t->first_year);
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = skeleton ? xxgk_report_from_json(skeleton, strlen(skeleton), d) : NULL;
    free(skeleton);
    xxgk_diags_free(d);
    if (!r)
        return NULL;
    arena a = {0};
    json_t *sections = json_array();
    for (size_t i = 0; i < t->n_sections; i++) {
        const tsection *s = &t->sections[i];
        json_t *js =
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", s->key, "number", s->number, "title",
                      s->title, "heading", s->heading, "content", s->table ? "table" : "text");
        if (s->table) {
            json_t *blocks = json_array();
            for (size_t k = 0; k < s->table->n_blocks; k++)
                json_array_append_new(blocks, block_json(r, &s->table->blocks[k], &a));
            json_object_set_new(js, "blocks", blocks);
        }
        json_array_append_new(sections, js);
    }
    json_t *root = json_pack("{s:s, s:s, s:i, s:o}", "format", t->format, "name", t->name,
                             "first_year", t->first_year, "sections", sections);
    json_object_set_new(root, "last_year", t->last_year ? json_integer(t->last_year) : json_null());
    char *out = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    arena_free(&a);
    xxgk_report_free(r);
    return out;
}
