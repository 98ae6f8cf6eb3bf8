/* text.c — text as the layout sets it: spans shaped in their role's font,
 * a line of a composition drawn as runs of glyphs, and a single line that
 * the caller places itself (the 落款, a page number, the draft mark) or
 * only measures (a number of a table).
 *
 * Every span is shaped in the face of its role only: a character that face
 * cannot draw is an error (F02), never a silent fall-back to a face of
 * another style.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"

static const dl_color black = {0, 0, 0};

/* ---- spans ---------------------------------------------------------------- */

void report_undrawable(layout *L, const text_span *s, const char *place, const char *path)
{
    if (L->quiet)
        return;
    const xxgk_face_info *fi = xxgk_fonts_face(L->fonts, s->role);
    char ch[8] = {0};
    utf8_encode(s->shaped.bad_cp, ch);
    char ctx[64];
    size_t off = s->shaped.bad_offset;
    size_t from = off > 12 ? off - 12 : 0;
    while (from > 0 && ((unsigned char)s->text[from] & 0xC0) == 0x80)
        from--;
    size_t to = off + 16 < s->len ? off + 16 : s->len;
    while (to < s->len && ((unsigned char)s->text[to] & 0xC0) == 0x80)
        to++;
    snprintf(ctx, sizeof ctx, "%.*s", (int)(to - from), s->text + from);
    if (s->shaped.bad_family)
        report_diag(
            L->d, L->r, XXGK_ERROR, "F02",
            &(diag_where){.place = place, .path = path, .actual = ch},
            "字符 U+%04X「%s」无法用“%s”角色的字体（%s）排印，会被替换为另一风格的字体（%s）：…%s…",
            s->shaped.bad_cp, ch, fi->style, fi->family ? fi->family : "无", s->shaped.bad_family,
            ctx);
    else
        report_diag(L->d, L->r, XXGK_ERROR, "F02",
                    &(diag_where){.place = place, .path = path, .actual = ch},
                    "字符 U+%04X「%s」无法用“%s”角色的字体（%s）排印：…%s…", s->shaped.bad_cp, ch,
                    fi->style, fi->family ? fi->family : "无", ctx);
    L->failed = 1;
}

int shape_spans(layout *L, text_span *spans, size_t n, const char *place, const char *path)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (xxgk_fonts_shape(L->fonts, spans[i].role, spans[i].size, spans[i].text, spans[i].len,
                             &spans[i].shaped) != 0) {
            report_undrawable(L, &spans[i], place, path);
            ok = 0;
        }
    }
    return ok;
}

void free_spans(text_span *spans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        shaped_text_free(&spans[i].shaped);
}

void to_compose_spans(const text_span *spans, size_t n, compose_span *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].tag = (int)spans[i].role;
        out[i].size = spans[i].size;
        out[i].text = spans[i].text;
        out[i].len = spans[i].len;
        out[i].shaped = &spans[i].shaped;
    }
}

void body_opts(const layout *L, compose_opts *o, double measure)
{
    compose_opts_default(o, measure);
    o->cell_ratio = L->ps->cell / L->ps->size_body;
    o->gap_em = L->ps->gap_em;
    o->gap_min_em = L->ps->gap_min_em;
    o->gap_max_em = L->ps->gap_max_em;
    o->space_min_em = L->ps->space_min_em;
    o->space_max_em = L->ps->space_max_em;
}

/* The rule that joins the two glyphs of a ——: at the dash's ink, over the
 * blank from x (the first one's ink end) for w pt, overlapping both. */
static void draw_dash_join(layout *L, const text_span *sp, uint32_t glyph, double x, double w,
                           double base)
{
    double top, bottom;
    xxgk_fonts_glyph_ink(L->fonts, sp->role, sp->size, glyph, &top, &bottom);
    if (bottom - top <= 0)
        return;
    double y = base + (top + bottom) / 2;
    dl_add_rule(L->page, x - 0.2, y, x + w + 0.2, y, bottom - top);
}

/* Draw line li of c (spans) with its start at x0 and baseline at base;
 * records the line in the dump under kind (NULL: not recorded). */
void emit_line(layout *L, const composition *c, size_t li, const text_span *spans, double x0,
               double base, double line_top, double line_h, const char *kind)
{
    const cline *ln = &c->lines[li];
    size_t end = ln->first + ln->count;
    dl_glyph *g = NULL;
    dl_cluster *cl = NULL;
    size_t cap = 0;
    strbuf text = {0};
    strbuf chars = {0};
    size_t i = ln->first;
    while (i < end) {
        /* One run: consecutive visible units of one span. */
        while (i < end && c->units[i].hidden)
            i++;
        if (i >= end)
            break;
        int span = c->units[i].span;
        const text_span *sp = &spans[span];
        const shaped_text *st = &sp->shaped;
        int fallback = st->clusters[c->units[i].cluster].fallback;
        size_t ng = 0, nc = 0;
        sb_free(&text);
        for (; i < end && c->units[i].span == span && !c->units[i].hidden &&
               st->clusters[c->units[i].cluster].fallback == fallback;
             i++) {
            const cunit *u = &c->units[i];
            const shaped_cluster *sc = &st->clusters[u->cluster];
            if (ng + sc->n_glyphs + 1 > cap || nc + 1 > cap) {
                cap = 2 * (cap + sc->n_glyphs + 8);
                g = xrealloc(g, cap * sizeof *g);
                cl = xrealloc(cl, cap * sizeof *cl);
            }
            double pen = x0 + u->x + u->draw_dx;
            if (u->dash_join > 0 && sc->n_glyphs == 1 && !sc->fallback)
                draw_dash_join(L, sp, st->glyphs[sc->glyph_start].id, pen + u->ink_right,
                               u->dash_join, base);
            for (size_t k = 0; k < sc->n_glyphs; k++) {
                const shaped_glyph *sg = &st->glyphs[sc->glyph_start + k];
                g[ng].id = sg->id;
                g[ng].x = pen + sg->x_offset;
                g[ng].y = base + sg->y_offset;
                pen += sg->advance;
                ng++;
            }
            cl[nc].num_bytes = (int)u->byte_len;
            cl[nc].num_glyphs = (int)sc->n_glyphs;
            nc++;
            sb_addn(&text, sp->text + u->byte_start, u->byte_len);
            dump_char(&chars, x0 + u->x, u->width, sp->text + u->byte_start, u->byte_len, sp->role);
        }
        const xxgk_face_info *fi = xxgk_fonts_face_slot(L->fonts, sp->role, fallback);
        int face = dl_face_id(L->doc, fi->file, fi->index, fi->family);
        dl_run *run = dl_add_run(L->doc, L->page, face, sp->size, black, g, ng,
                                 text.s ? text.s : "", text.len, cl, nc);
        if (run)
            run->embolden = fi->embolden;
    }
    free(g);
    free(cl);
    if (L->opt->want_dump && kind)
        dump_line(L, c, li, spans, x0, base, line_top, line_h, kind, chars.s);
    sb_free(&text);
    sb_free(&chars);
}

/* ---- a single line of text placed by the caller ----------------------------- */

int one_line_make(layout *L, one_line *ol, xxgk_font_role role, double size, const char *text,
                  int grid, const char *place)
{
    memset(ol, 0, sizeof *ol);
    ol->span.role = role;
    ol->span.size = size;
    ol->span.text = text;
    ol->span.len = strlen(text);
    if (!shape_spans(L, &ol->span, 1, place, NULL)) {
        free_spans(&ol->span, 1);
        return 0;
    }
    compose_span cs;
    to_compose_spans(&ol->span, 1, &cs);
    compose_opts o;
    if (grid)
        body_opts(L, &o, 1e6);
    else
        compose_opts_default(&o, 1e6);
    o.justify = 0;
    compose_units(&cs, 1, &o, &ol->c);
    if (ol->c.n_units)
        compose_add_line(&ol->c, &o, 0, ol->c.n_units - 1, 0, 1);
    ol->width = ol->c.n_lines ? ol->c.lines[0].width : 0;
    return 1;
}

void one_line_free(one_line *ol)
{
    composition_free(&ol->c);
    free_spans(&ol->span, 1);
}
