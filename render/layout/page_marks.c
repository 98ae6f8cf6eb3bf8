/* page_marks.c — what goes on every page after the layout, and the
 * document's metadata.
 *
 * Page numbers, GB/T 9704 7.5: 4号 in the page number role, the dashes'
 * stroke 7 mm below the type area, odd pages on the right and even pages
 * on the left, one character in from the edge of the type area.  A draft
 * (a report that failed its checks) says so in a red frame above the type
 * area of every page, so that it cannot be taken for the document.  The
 * metadata is made from the report alone (its date or SOURCE_DATE_EPOCH,
 * never the clock), so that the same report gives the same PDF.
 */
#include <stdio.h>
#include <stdlib.h>

#include "layout/layout_internal.h"

void page_numbers(layout *L)
{
    const page_style *ps = L->ps;
    for (size_t i = 0; i < L->doc->n_pages; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s %zu %s", ps->pn_dash, i + 1, ps->pn_dash);
        one_line ol;
        if (!one_line_make(L, &ol, XXGK_ROLE_PAGE_NUMBER, ps->size_page_number, text, 0, "页码"))
            return;
        double inset = ps->pn_inset_em * ps->size_page_number;
        int odd = (i % 2) == 0;
        double x = odd ? ps->left + ps->width - inset - ol.width : ps->left + inset;
        /* 一字线上距版心下边缘 7 mm: the dash's stroke sits 7 mm below. */
        double top, bot;
        uint32_t dash_glyph = ol.span.shaped.n_glyphs ? ol.span.shaped.glyphs[0].id : 0;
        xxgk_fonts_glyph_ink(L->fonts, XXGK_ROLE_PAGE_NUMBER, ps->size_page_number, dash_glyph,
                             &top, &bot);
        double base = bottom(L) + ps->pn_below - top;
        L->page = &L->doc->pages[i];
        L->page_index = (int)i;
        emit_line(L, &ol.c, 0, &ol.span, x, base, base - EM_ASCENT * ps->size_page_number,
                  ps->size_page_number, "page_number");
        one_line_free(&ol);
    }
}

void draft_marks(layout *L)
{
    const page_style *ps = L->ps;
    const char *mark = "草稿（未通过校验）";
    for (size_t i = 0; i < L->doc->n_pages; i++) {
        one_line ol;
        if (!one_line_make(L, &ol, XXGK_ROLE_HEADING1, ps->size_draft, mark, 0, "草稿标记"))
            return;
        L->page = &L->doc->pages[i];
        L->page_index = (int)i;
        double x = ps->left + (ps->width - ol.width) / 2;
        double base = ps->top / 2 + ps->size_draft / 2;
        /* Framed, so that it cannot be taken for part of the document. */
        dl_color red = {0.75, 0, 0};
        dl_add_rect(L->page, x - 4, base - EM_ASCENT * ps->size_draft - 4, ol.width + 8,
                    ps->size_draft + 8, 0, 1, red);
        size_t before = L->page->n_items;
        emit_line(L, &ol.c, 0, &ol.span, x, base, base - EM_ASCENT * ps->size_draft, ps->size_draft,
                  "draft");
        for (size_t k = before; k < L->page->n_items; k++)
            if (L->page->items[k].kind == DL_RUN)
                L->page->items[k].u.run.color = red;
        one_line_free(&ol);
    }
}

void metadata(layout *L, const char *title, const char *subject)
{
    dl_document *doc = L->doc;
    const xxgk_report *r = L->r;
    dl_set_meta(doc, &doc->title, title);
    dl_set_meta(doc, &doc->author, xxgk_report_agency(r));
    dl_set_meta(doc, &doc->subject, subject);
    /* the agency's name may be of any length: never a fixed buffer that
     * would cut it inside a character */
    strbuf kw = {0};
    sb_printf(&kw, "政府信息公开; 年度报告; %d年; %s", r->year, xxgk_report_agency(r));
    dl_set_meta(doc, &doc->keywords, kw.s);
    sb_free(&kw);
    dl_set_meta(doc, &doc->creator, "xxgk " XXGK_VERSION);
    /* The date of the report (or SOURCE_DATE_EPOCH), never the clock. */
    char date[128] = "";
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long t = strtoll(sde, &end, 10);
        if (*end == 0 && t >= 0) {
            long long days = t / 86400, secs = t % 86400;
            /* civil from days (Howard Hinnant) */
            long long z = days + 719468, era = z / 146097, doe = z - era * 146097;
            long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
            long long m = mp < 10 ? mp + 3 : mp - 9;
            y += m <= 2;
            snprintf(date, sizeof date, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d,
                     secs / 3600, secs / 60 % 60, secs % 60);
        }
    }
    if (!*date && r->date_y > 0 && r->date_m > 0 && r->date_d > 0)
        snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00+08:00", r->date_y, r->date_m,
                 r->date_d);
    if (*date)
        dl_set_meta(doc, &doc->creation_date, date);
}
