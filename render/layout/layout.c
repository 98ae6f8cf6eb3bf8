/* layout.c — the report → display list, in the GB/T 9704 house style: the
 * layout state, the grid and the two-pass driver.
 *
 * Text sits on the 22 × 28 grid: every text line takes one line of the
 * grid (pitch from the page style), every full-width character one cell
 * (156 mm / 28).  Tables take the height they need; the text after a table
 * resumes on the next grid line.
 *
 * A pass places the title, the body (of a report: the preface, each
 * section, its heading kept with what follows, then its prose or its
 * table; of a 更正说明: notice.c), the 落款 and the notes, then the page
 * numbers, the draft marks and the metadata.  When the 落款 does
 * not fit under the last lines of the body, a second pass breaks the page
 * before them, so that the 落款 takes them along rather than stand alone on
 * a page.
 */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"

/* ---- layout state --------------------------------------------------------- */

void new_page(layout *L, const char *reason_for_previous)
{
    if (L->page)
        dump_page_end(L, reason_for_previous);
    L->page = dl_add_page(L->doc, L->ps->paper_w, L->ps->paper_h);
    L->page_index = (int)L->doc->n_pages - 1;
    L->y = L->ps->top;
}

/* The top of the next grid line, on a new page when this one is full. */
double take_grid_line(layout *L)
{
    if (grid_lines_left(L) <= 0)
        new_page(L, "full");
    double top = L->ps->top + next_grid_line(L) * L->ps->pitch;
    L->y = top + L->ps->pitch;
    return top;
}

void skip_grid_lines(layout *L, int n)
{
    for (int i = 0; i < n && grid_lines_left(L) > 0; i++)
        take_grid_line(L);
}

/* Remember a text line placed on the grid (see layout.recent). */
void record_line(layout *L, double top, double x0, double x1, int para_line, int para_lines,
                 int heading)
{
    if (L->n_recent == (int)(sizeof L->recent / sizeof L->recent[0])) {
        memmove(L->recent, L->recent + 1, sizeof L->recent - sizeof L->recent[0]);
        L->n_recent--;
    }
    struct recent_line *r = &L->recent[L->n_recent++];
    r->line_no = L->line_no++;
    r->page = L->page_index;
    r->para_line = para_line;
    r->para_lines = para_lines;
    r->heading = heading;
    r->top = top;
    r->x0 = x0;
    r->x1 = x1;
}

/* ---- the driver ----------------------------------------------------------- */

/* One pass of the layout; *want_break (when not -1) asks for a second
 * pass that breaks the page before that text line. */
static dl_document *layout_pass(const xxgk_report *r, const layout_content *content,
                                xxgk_fonts *fonts, const page_style *ps, const layout_options *o,
                                xxgk_diags *d, char **dump, int force_break, int *want_break)
{
    layout L;
    memset(&L, 0, sizeof L);
    L.force_break = force_break;
    L.want_break = -1;
    L.r = r;
    L.content = content;
    L.fonts = fonts;
    L.ps = ps;
    L.opt = o;
    L.d = d;
    L.doc = dl_new();
    const char *title = content->title;
    new_page(&L, "");
    if (title && *title)
        place_title(&L, title);
    skip_grid_lines(&L, ps->title_blank_after);
    content->body(&L, content->ctx);
    place_signature(&L);
    if (content->with_notes)
        place_notes(&L);
    dump_page_end(&L, "end");
    page_numbers(&L);
    if (o->draft)
        draft_marks(&L);
    metadata(&L, title, content->subject);
    if (dump && o->want_dump)
        *dump = make_dump(&L);
    sb_free(&L.lines);
    sb_free(&L.cells);
    sb_free(&L.pages);
    sb_free(&L.images);
    *want_break = L.failed ? -1 : L.want_break;
    if (L.failed) {
        dl_free(L.doc);
        return NULL;
    }
    return L.doc;
}

dl_document *layout_run(const xxgk_report *r, const layout_content *content, xxgk_fonts *fonts,
                        const page_style *ps, const layout_options *o, xxgk_diags *d, char **dump)
{
    int want = -1;
    dl_document *doc = layout_pass(r, content, fonts, ps, o, d, dump, -1, &want);
    if (doc && want >= 0) {
        /* The 落款 did not fit under the body: again, with the body's last
         * lines on the next page. */
        dl_free(doc);
        if (dump && *dump) {
            free(*dump);
            *dump = NULL;
        }
        int again = -1;
        doc = layout_pass(r, content, fonts, ps, o, d, dump, want, &again);
    }
    return doc;
}

/* The report's body: the preface, then each section (its heading kept
 * with what follows, then its prose or its table). */
static void report_body(layout *L, const void *ctx)
{
    (void)ctx;
    const xxgk_report *r = L->r;
    const page_style *ps = L->ps;
    const xxgk_template *t = xxgk_report_template(r);
    text_items(L, &r->preface, "前言");
    for (size_t i = 0; t && i < t->n_sections; i++) {
        const tsection *s = &t->sections[i];
        double need = s->table && s->table->n_blocks ? table_start_need(L, s->table)
                      : r->sections ? items_keep(L, &r->sections[i], 0) * ps->pitch
                                    : 0;
        section_heading(L, s, need);
        if (s->table)
            layout_table(L, s->table);
        else if (r->sections)
            text_items(L, &r->sections[i], s->heading);
    }
}

dl_document *layout_report(const xxgk_report *r, xxgk_fonts *fonts, const page_style *ps,
                           const layout_options *o, xxgk_diags *d, char **dump)
{
    layout_content c = {xxgk_report_title(r), "政府信息公开工作年度报告", report_body, NULL, 0, 1};
    return layout_run(r, &c, fonts, ps, o, d, dump);
}
