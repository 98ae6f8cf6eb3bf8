/* paragraph.c — the body text on the grid: paragraphs, their page-end
 * rules, the headings of the report and what they keep with them.
 *
 * A paragraph's first line never stands alone at a page end, nor its last
 * line alone at a page top (orphans and widows); a heading is never a
 * page's last line: it goes to the next page with as much of what it
 * heads as those rules keep together.  The same rules measure, beforehand,
 * how many lines a heading must find room for under it.
 */
#include <string.h>

#include "layout/layout_internal.h"

/* ---- paragraphs ----------------------------------------------------------- */

/* A forced page break of a second pass, before the next line. */
static void forced_break(layout *L)
{
    if (L->force_break >= 0 && L->line_no == L->force_break && L->y > L->ps->top + EPS)
        new_page(L, "seal");
}

/* A paragraph on the grid.  keep_with_next: lines of what follows that
 * must be on the same page as its last line (a heading keeps with the
 * start of the next paragraph, as much of it as pagination will keep
 * together: items_keep). */
void place_paragraph(layout *L, text_span *spans, size_t n, double first_indent, double measure,
                     double x_left, const char *kind, const char *place, const char *path,
                     int keep_with_next)
{
    if (!shape_spans(L, spans, n, place, path)) {
        free_spans(spans, n);
        return;
    }
    compose_span cs[4];
    to_compose_spans(spans, n, cs);
    compose_opts o;
    body_opts(L, &o, measure);
    o.first_indent = first_indent;
    composition c;
    size_t nl = compose_paragraph(cs, n, &o, &c);
    for (size_t i = 0; i < nl; i++) {
        forced_break(L);
        int left = grid_lines_left(L);
        if (left <= 0) {
            new_page(L, "full");
            left = grid_lines_left(L);
        }
        /* Orphan: the first line alone at a page end (a run-in heading
         * above all: never a heading as a page's last line), or two lines
         * of three of which the widow rule below would carry one over. */
        if (i == 0 && nl > (size_t)left && L->y > L->ps->top + EPS &&
            ((left == 1 && (nl >= 3 || n > 1)) || (left == 2 && nl == 3))) {
            new_page(L, "orphan");
            left = grid_lines_left(L);
        }
        /* Widow: never carry the last line alone to the next page. */
        if (i + 2 == nl && left == 1 && nl >= 3 && i > 0) {
            new_page(L, "widow");
        }
        /* A heading goes whole, with what it keeps, or to the next page
         * (unless that could never fit a page). */
        if (i == 0 && keep_with_next && (int)nl + keep_with_next <= L->ps->lines &&
            (int)nl + keep_with_next > left && L->y > L->ps->top + EPS) {
            new_page(L, "keep");
            left = grid_lines_left(L);
        }
        double top = take_grid_line(L);
        double size = 0;
        for (size_t k = 0; k < n; k++)
            size = spans[k].size > size ? spans[k].size : size;
        emit_line(L, &c, i, spans, x_left, grid_baseline(L, top, size), top, L->ps->pitch, kind);
        record_line(L, top, x_left + c.lines[i].indent,
                    x_left + c.lines[i].indent + c.lines[i].width, (int)i, (int)nl,
                    keep_with_next || !strncmp(kind, "heading", 7));
    }
    composition_free(&c);
    free_spans(spans, n);
}

static size_t body_spans(layout *L, const char *heading, xxgk_font_role heading_role,
                         const char *text, text_span spans[2])
{
    size_t n = 0;
    memset(spans, 0, 2 * sizeof *spans);
    if (heading && *heading) {
        spans[n].role = heading_role;
        spans[n].size = heading_role == XXGK_ROLE_BODY ? L->ps->size_body : L->ps->size_heading;
        spans[n].text = heading;
        spans[n].len = strlen(heading);
        n++;
    }
    if (text && *text) {
        spans[n].role = XXGK_ROLE_BODY;
        spans[n].size = L->ps->size_body;
        spans[n].text = text;
        spans[n].len = strlen(text);
        n++;
    }
    return n;
}

static void body_paragraph(layout *L, const char *heading, xxgk_font_role heading_role,
                           const char *text, const char *kind, const char *place, const char *path,
                           int keep)
{
    text_span spans[2];
    size_t n = body_spans(L, heading, heading_role, text, spans);
    if (n == 0)
        return;
    place_paragraph(L, spans, n, L->ps->first_indent_chars * L->ps->cell, L->ps->width, L->ps->left,
                    kind, place, path, keep);
}

/* The lines of a body paragraph that place_paragraph keeps together at a
 * page end (its orphan and widow rules): all of a three-line paragraph,
 * two of a longer one or of a two-line one that opens with a run-in
 * heading, else one. */
static int paragraph_keep(layout *L, const char *heading, xxgk_font_role heading_role,
                          const char *text)
{
    text_span spans[2];
    size_t n = body_spans(L, heading, heading_role, text, spans);
    if (n == 0)
        return 1;
    int quiet = L->quiet;
    L->quiet = 1; /* measured only: place_paragraph reports what is wrong */
    int ok = shape_spans(L, spans, n, NULL, NULL);
    L->quiet = quiet;
    size_t nl = 1;
    if (ok) {
        compose_span cs[2];
        to_compose_spans(spans, n, cs);
        compose_opts o;
        body_opts(L, &o, L->ps->width);
        o.first_indent = L->ps->first_indent_chars * L->ps->cell;
        composition c;
        nl = compose_paragraph(cs, n, &o, &c);
        composition_free(&c);
    }
    free_spans(spans, n);
    return nl == 3 ? 3 : nl >= 4 || (nl == 2 && n > 1) ? 2 : 1;
}

/* ---- headings and the prose of a section ------------------------------------- */

void section_heading(layout *L, const tsection *s, double need_after)
{
    /* Keep the heading with what follows: the lines of text pagination keeps
     * together, or a table's start. */
    int lines_after = need_after > 0 ? (int)ceil(need_after / L->ps->pitch - 1e-6) : 1;
    if (grid_lines_left(L) < 1 + lines_after)
        new_page(L, "keep");
    int page = L->page_index;
    double top = L->ps->top + next_grid_line(L) * L->ps->pitch;
    body_paragraph(L, s->heading, XXGK_ROLE_HEADING1, NULL, "heading1", s->heading, NULL, 0);
    dl_add_outline(L->doc, s->heading, page, L->ps->left, top, 1);
}

static xxgk_font_role heading_role(int level)
{
    return level == 2 ? XXGK_ROLE_HEADING2 : XXGK_ROLE_BODY;
}

static int heading_only(const para *p)
{
    return p->heading && *p->heading && !(p->text && *p->text);
}

/* Lines from item i on that must stay on the page of the line before it:
 * headings with what they head (a run of headings with the start of its
 * text; a run too long for any page is not kept, place_paragraph). */
int items_keep(layout *L, const prose *t, size_t i)
{
    if (!t || i >= t->n)
        return 1;
    const para *p = &t->items[i];
    if (!heading_only(p))
        return paragraph_keep(L, p->heading, heading_role(p->level), p->text);
    int k = items_keep(L, t, i + 1);
    return k >= L->ps->lines ? k : 1 + k; /* saturates: no overflow on a thousand headings */
}

void text_items(layout *L, const prose *t, const char *place)
{
    for (size_t i = 0; t && i < t->n; i++) {
        const para *p = &t->items[i];
        int keep = heading_only(p) ? items_keep(L, t, i + 1) : 0;
        body_paragraph(L, p->heading, heading_role(p->level), p->text, keep ? "heading" : "body",
                       place, p->path, keep);
    }
}

void body_text(layout *L, const char *text, const char *place, const char *path)
{
    body_paragraph(L, NULL, XXGK_ROLE_BODY, text, "body", place, path, 0);
}
