/* dump.c — the layout dump: the layout as JSON (every page end and why,
 * every text line with its grid line, measure and characters, every table
 * cell, every image), for the tests and for seeing why a page broke where
 * it did.
 *
 * The records are collected as the layout goes, into the strbufs of the
 * layout state, and joined into one document at the end; every record's
 * format is here.
 */
#include <math.h>

#include "layout/layout_internal.h"
#include "layout/table.h"

void dump_sep(strbuf *b)
{
    if (b->len)
        sb_add(b, ",\n");
}

/* The end of the page L is on, and why it ended (full, orphan, widow,
 * keep, table, seal, end). */
void dump_page_end(layout *L, const char *reason)
{
    dump_sep(&L->pages);
    sb_printf(&L->pages, "{\"page\":%d,\"end\":\"%s\"}", L->page_index + 1, reason);
}

void dump_char(strbuf *chars, double x, double width, const char *text, size_t len,
               xxgk_font_role role)
{
    dump_sep(chars);
    strbuf one = {0};
    sb_addn(&one, text, len);
    sb_printf(chars, "[%.3f,%.3f,", x, width);
    sb_add_json_string(chars, one.s);
    sb_printf(chars, ",\"%s\"]", xxgk_font_role_name(role));
    sb_free(&one);
}

/* Line li of c as emit_line drew it; chars: its characters (dump_char). */
void dump_line(layout *L, const composition *c, size_t li, const text_span *spans, double x0,
               double base, double line_top, double line_h, const char *kind, const char *chars)
{
    const cline *ln = &c->lines[li];
    size_t end = ln->first + ln->count;
    strbuf all = {0};
    for (size_t k = ln->first; k < end; k++)
        if (!c->units[k].hidden)
            sb_addn(&all, spans[c->units[k].span].text + c->units[k].byte_start,
                    c->units[k].byte_len);
    dump_sep(&L->lines);
    sb_printf(&L->lines,
              "{\"page\":%d,\"kind\":\"%s\",\"grid\":%d,\"top\":%.3f,\"height\":%.3f,"
              "\"baseline\":%.3f,\"x\":%.3f,\"indent\":%.3f,\"width\":%.3f,\"available\":%.3f,"
              "\"justified\":%s,\"last\":%s,\"overfull\":%s,\"squeezed\":%s,\"text\":",
              L->page_index + 1, kind, (int)floor((line_top - L->ps->top) / L->ps->pitch + 0.5),
              line_top, line_h, base, x0 + ln->indent, ln->indent, ln->width, ln->available,
              ln->justified ? "true" : "false", ln->last ? "true" : "false",
              ln->overfull ? "true" : "false", ln->squeezed ? "true" : "false");
    sb_add_json_string(&L->lines, all.s ? all.s : "");
    /* The character after the line: tells a push-out (后推出) apart. */
    strbuf next = {0};
    if (end < c->n_units)
        sb_addn(&next, spans[c->units[end].span].text + c->units[end].byte_start,
                c->units[end].byte_len);
    sb_add(&L->lines, ",\"next\":");
    sb_add_json_string(&L->lines, next.s ? next.s : "");
    sb_free(&next);
    sb_printf(&L->lines, ",\"chars\":[%s]}", chars ? chars : "");
    sb_free(&all);
}

/* Cell c of g as draw_cell_text drew it: its box, and max_w the width of
 * its widest line. */
void dump_cell(layout *L, const gtable *g, const gcell *c, double x, double y, double w, double h,
               const char *table_name, double max_w)
{
    const page_style *ps = L->ps;
    dump_sep(&L->cells);
    sb_printf(
        &L->cells,
        "{\"page\":%d,\"table\":\"%s\",\"block\":%d,\"row\":%d,\"col\":%d,\"rs\":%d,\"cs\":%d,"
        "\"header\":%s,\"numeric\":%s,\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,\"h\":%.3f,"
        "\"size\":%.2f,\"lines\":%zu,\"content_w\":%.3f,\"content_h\":%.3f,\"pad_x\":%.3f,"
        "\"text\":",
        L->page_index + 1, table_name, g->block, c->row, c->col, c->rs, c->cs,
        c->header ? "true" : "false", c->numeric ? "true" : "false", x, y, w, h, c->size,
        c->comp.n_lines, max_w, c->text_h, ps->pad_x);
    sb_add_json_string(&L->cells, c->text);
    sb_add(&L->cells, "}");
}

void dump_image(layout *L, const char *kind, double x, double y, double w, double h,
                const char *path)
{
    dump_sep(&L->images);
    sb_printf(&L->images,
              "{\"page\":%d,\"kind\":\"%s\",\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,\"h\":%.3f,"
              "\"path\":",
              L->page_index + 1, kind, x, y, w, h);
    sb_add_json_string(&L->images, path);
    sb_add(&L->images, "}");
}

char *make_dump(layout *L)
{
    const page_style *ps = L->ps;
    strbuf b = {0};
    sb_printf(&b,
              "{\"paper\":{\"w\":%.3f,\"h\":%.3f},\"type_area\":{\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,"
              "\"h\":%.3f},\"grid\":{\"lines\":%d,\"chars\":%d,\"pitch\":%.3f,\"cell\":%.4f},"
              "\"body_size\":%.2f,\"page_number_below\":%.3f,\"pages\":%zu,\n\"page_ends\":[%s],\n"
              "\"lines\":[\n%s],\n\"cells\":[\n%s],\n\"images\":[\n%s]}\n",
              ps->paper_w, ps->paper_h, ps->left, ps->top, ps->width, ps->height, ps->lines,
              ps->chars, ps->pitch, ps->cell, ps->size_body, ps->pn_below, L->doc->n_pages,
              L->pages.s ? L->pages.s : "", L->lines.s ? L->lines.s : "",
              L->cells.s ? L->cells.s : "", L->images.s ? L->images.s : "");
    return sb_take(&b);
}
