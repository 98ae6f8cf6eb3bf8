/* form_html.c — the report as the web page an agency posts: valid HTML5,
 * self-contained (no script, no external resource), lang="zh-CN", the
 * headings as the document's outline, the three tables as real tables
 * whose spans are the template's header trees (form_grid.c), every value
 * cell naming its headers (headers="…" and th scope) so that a screen
 * reader says 自然人 / 予以公开 with it.  The house style is a small style
 * sheet: 仿宋 for the text, 黑体 / 楷体 / 仿宋 bold for the headings, the
 * official font names first in every stack; a table scrolls sideways in
 * its own box on a narrow screen rather than widen the page.  A fragment
 * (the body only, for a CMS editor that takes no <style>) carries the
 * same rules as style attributes. */
#include <stdio.h>
#include <string.h>

#include "output/form.h"

#define FANGSONG "'仿宋_GB2312','仿宋',FangSong,FangSong_GB2312,STFangsong,'Noto Serif CJK SC',serif"
#define HEITI "'黑体',SimHei,'Heiti SC',STHeiti,'Noto Sans CJK SC',sans-serif"
#define KAITI "'楷体_GB2312','楷体',KaiTi,KaiTi_GB2312,STKaiti,'AR PL UKai CN',serif"
#define XBS "'方正小标宋简体','方正小标宋_GBK',FZXiaoBiaoSong-B05S,'Noto Serif CJK SC',serif"

typedef struct {
    const char *name, *css;
} style_rule;

/* One rule per class; the phone's rules follow in the style sheet only. */
static const style_rule RULES[] = {
    {"xxgk", "font-family:" FANGSONG ";font-size:16pt;line-height:1.8;color:#000;"
             "background:#fff;max-width:46em;margin:0 auto;padding:1em 1em 2em"},
    {"title", "font-family:" XBS ";font-size:22pt;font-weight:normal;line-height:1.5;"
              "text-align:center;margin:.6em 0 1.2em"},
    {"p", "text-indent:2em;margin:0;text-align:justify;overflow-wrap:anywhere"},
    {"h1", "font-family:" HEITI ";font-size:1em;font-weight:normal;text-indent:2em;margin:0"},
    {"h2", "font-family:" KAITI ";font-size:1em;font-weight:normal;text-indent:2em;margin:0"},
    {"h3", "font-family:" FANGSONG ";font-size:1em;font-weight:bold;text-indent:2em;margin:0"},
    {"h4", "font-family:" FANGSONG ";font-size:1em;font-weight:normal;text-indent:2em;margin:0"},
    {"r2", "font-family:" KAITI ";font-weight:normal"},
    {"r3", "font-weight:bold"},
    {"r4", "font-weight:normal"},
    {"scroll", "overflow-x:auto;max-width:100%;margin:.4em 0 1em"},
    {"table", "border-collapse:collapse;width:100%;font-size:11pt;line-height:1.4;"
              "text-indent:0"},
    {"caption", "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
                "white-space:nowrap"},
    {"th", "border:1px solid #000;padding:.25em .3em;font-weight:normal;text-align:center;"
           "vertical-align:middle"},
    {"thl", "border:1px solid #000;padding:.25em .3em;font-weight:normal;text-align:left;"
            "vertical-align:middle"},
    {"td", "border:1px solid #000;padding:.25em .3em;text-align:center;vertical-align:middle;"
           "white-space:nowrap"},
    {"closing", "width:max-content;max-width:100%;margin:1.8em 2em 0 auto"},
    {"agency", "margin:0"},
    {"date", "margin:0;padding-left:2em"},
    {"notes", "text-indent:2em;margin:0"},
    {"draft", "display:block;border:2px solid #a00000;color:#a00000;font-family:" HEITI ";"
              "text-align:center;margin:0 0 1em;padding:.2em"},
};

static const char PHONE[] =
    "@media (max-width:600px){.xxgk{font-size:13pt;padding:.6em .7em 1.5em}"
    ".title{font-size:18pt}.table{font-size:10.5pt}}";

typedef struct {
    strbuf *b;
    int fragment;
    const xxgk_report *r;
} html_writer;

static const char *css_of(const char *name)
{
    for (size_t i = 0; i < sizeof RULES / sizeof *RULES; i++)
        if (!strcmp(RULES[i].name, name))
            return RULES[i].css;
    return "";
}

/* The class attribute, or in a fragment the rule itself. */
static void cls(html_writer *w, const char *name)
{
    if (w->fragment)
        sb_printf(w->b, " style=\"%s\"", css_of(name));
    else
        sb_printf(w->b, " class=\"%s\"", name);
}

static void style_sheet(strbuf *b)
{
    sb_add(b, "<style>\n");
    for (size_t i = 0; i < sizeof RULES / sizeof *RULES; i++)
        sb_printf(b, ".%s{%s}\n", RULES[i].name, RULES[i].css);
    sb_printf(b, "%s\n</style>\n", PHONE);
}

static void on_title(void *ctx, const char *title)
{
    html_writer *w = ctx;
    sb_add(w->b, "<h1");
    cls(w, "title");
    sb_add(w->b, ">");
    sb_add_xml(w->b, title);
    sb_add(w->b, "</h1>\n");
}

static void on_section(void *ctx, const tsection *s)
{
    html_writer *w = ctx;
    sb_printf(w->b, "<h2 id=\"s-%s\"", s->key);
    cls(w, "h1");
    sb_add(w->b, ">");
    sb_add_xml(w->b, s->heading);
    sb_add(w->b, "</h2>\n");
}

static int level_of(const para *p) { return p->level >= 2 && p->level <= 4 ? p->level : 2; }

static void on_para(void *ctx, const para *p)
{
    html_writer *w = ctx;
    int has_h = p->heading && *p->heading, has_t = p->text && *p->text;
    char name[4];
    if (has_h && !has_t) {
        snprintf(name, sizeof name, "h%d", level_of(p));
        sb_printf(w->b, "<h%d", level_of(p) + 1);
        cls(w, name);
        sb_add(w->b, ">");
        sb_add_xml(w->b, p->heading);
        sb_printf(w->b, "</h%d>\n", level_of(p) + 1);
        return;
    }
    sb_add(w->b, "<p");
    cls(w, "p");
    sb_add(w->b, ">");
    if (has_h) {
        snprintf(name, sizeof name, "r%d", level_of(p));
        sb_add(w->b, "<strong");
        cls(w, name);
        sb_add(w->b, ">");
        sb_add_xml(w->b, p->heading);
        sb_add(w->b, "</strong>");
    }
    sb_add_xml(w->b, p->text);
    sb_add(w->b, "</p>\n");
}

/* The ids of the header cells over a value cell: its column's headers
 * from the top, then its row's labels from the left. */
static void value_headers(html_writer *w, const char *key, const form_grid *g, const form_cell *v)
{
    int first = 1;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < g->n_cells; i++) {
            const form_cell *c = &g->cells[i];
            if (c->block != v->block)
                continue;
            int over = pass == 0 && (c->kind == FC_TITLE || c->kind == FC_COLUMN) &&
                       c->col <= v->col && v->col < c->col + c->cs;
            int beside = pass == 1 && c->kind == FC_ROW && c->row <= v->row &&
                         v->row < c->row + c->rs;
            if (over || beside) {
                sb_printf(w->b, "%s%s-%d-%d", first ? " headers=\"" : " ", key, c->row, c->col);
                first = 0;
            }
        }
    if (!first)
        sb_add(w->b, "\"");
}

static void table_cell(html_writer *w, const char *key, const form_grid *g, const form_cell *c)
{
    int value = c->kind == FC_VALUE;
    sb_add(w->b, value ? "<td" : "<th");
    if (!value) {
        sb_printf(w->b, " id=\"%s-%d-%d\"", key, c->row, c->col);
        const char *scope = c->kind == FC_ROW                    ? "row"
                            : c->kind == FC_TITLE || c->cs > 1   ? "colgroup"
                                                                 : "col";
        sb_printf(w->b, " scope=\"%s\"", scope);
    }
    if (c->rs > 1)
        sb_printf(w->b, " rowspan=\"%d\"", c->rs);
    if (c->cs > 1)
        sb_printf(w->b, " colspan=\"%d\"", c->cs);
    if (value)
        value_headers(w, key, g, c);
    cls(w, value ? "td" : c->centred ? "th" : "thl");
    sb_add(w->b, ">");
    sb_add_xml(w->b, c->text);
    sb_add(w->b, value ? "</td>" : "</th>");
}

static void on_table(void *ctx, const ttable *tt, const form_grid *g)
{
    html_writer *w = ctx;
    const char *key = tt->key;
    sb_printf(w->b, "<div role=\"region\" tabindex=\"0\" aria-labelledby=\"s-%s\"",
              tt->section->key);
    cls(w, "scroll");
    /* a table of many columns keeps its labels readable and scrolls */
    sb_add(w->b, ">\n<table");
    if (w->fragment)
        sb_printf(w->b, " style=\"%s;min-width:%dem\"", css_of("table"), 3 * g->n_cols + 4);
    else
        sb_printf(w->b, " class=\"table\" style=\"min-width:%dem\"", 3 * g->n_cols + 4);
    sb_add(w->b, ">\n<caption");
    cls(w, "caption");
    sb_add(w->b, ">");
    sb_add_xml(w->b, tt->section->title);
    sb_add(w->b, "</caption>\n");
    int single = g->n_blocks == 1, i = 0;
    for (int row = 0; row < g->n_rows; row++) {
        int head = g->head_rows[row];
        int opens = single ? row == 0 || (head != g->head_rows[row - 1])
                           : i < g->n_cells && g->cells[i].block_head == row;
        if (opens) {
            if (row > 0)
                sb_add(w->b, single && !head ? "</thead>\n" : "</tbody>\n");
            sb_add(w->b, single && head ? "<thead>\n" : "<tbody>\n");
        }
        sb_add(w->b, "<tr>");
        for (; i < g->n_cells && g->cells[i].row == row; i++)
            table_cell(w, key, g, &g->cells[i]);
        sb_add(w->b, "</tr>\n");
    }
    if (g->n_rows)
        sb_add(w->b, single && g->head_rows[g->n_rows - 1] ? "</thead>\n" : "</tbody>\n");
    sb_add(w->b, "</table>\n</div>\n");
}

static void on_closing(void *ctx, const char *agency, const char *date, const char *notes)
{
    html_writer *w = ctx;
    sb_add(w->b, "<div");
    cls(w, "closing");
    sb_add(w->b, ">\n<p");
    cls(w, "agency");
    sb_add(w->b, ">");
    sb_add_xml(w->b, agency);
    sb_add(w->b, "</p>\n");
    if (*date) {
        sb_add(w->b, "<p");
        cls(w, "date");
        sb_add(w->b, "><time datetime=\"");
        sb_printf(w->b, "%04d-%02d-%02d\">", w->r->date_y, w->r->date_m, w->r->date_d);
        sb_add_xml(w->b, date);
        sb_add(w->b, "</time></p>\n");
    }
    sb_add(w->b, "</div>\n");
    if (notes) {
        sb_add(w->b, "<p");
        cls(w, "notes");
        sb_add(w->b, ">");
        sb_add_xml(w->b, notes);
        sb_add(w->b, "</p>\n");
    }
}

int form_html(const xxgk_report *r, const xxgk_render_options *o, int fragment, strbuf *out,
              char **why)
{
    (void)why;
    html_writer w = {out, fragment, r};
    if (!fragment) {
        sb_add(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
        if (o->draft)
            sb_add(out, "草稿：");
        sb_add_xml(out, xxgk_report_title(r));
        sb_add(out, "</title>\n");
        style_sheet(out);
        sb_add(out, "</head>\n<body>\n");
    }
    sb_add(out, "<article lang=\"zh-CN\"");
    cls(&w, "xxgk");
    sb_add(out, ">\n");
    if (o->draft) { /* an aside: the import of the page leaves it out */
        sb_add(out, "<aside role=\"note\"");
        cls(&w, "draft");
        sb_add(out, ">草稿（未通过校验）</aside>\n");
    }
    form_visitor v = {&w, on_title, on_section, on_para, on_table, on_closing};
    form_walk(r, &v);
    sb_add(out, "</article>\n");
    if (!fragment)
        sb_add(out, "</body>\n</html>\n");
    return 0;
}
