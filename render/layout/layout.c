/* layout.c — the report → display list, in the GB/T 9704 house style.
 *
 * Text sits on the 22 × 28 grid: every text line takes one line of the
 * grid (pitch from the page style), every full-width character one cell
 * (156 mm / 28).  Tables take the height they need; the text after a table
 * resumes on the next grid line.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/datafiles.h"
#include "layout/compose.h"
#include "layout/layout.h"

#define MM(x) ((x) * 72.0 / 25.4)
#define EPS 0.01
/* Ideographic em box: ascent 0.88 em above the baseline (Noto CJK, the
 * Windows 公文 fonts alike); the box is centred in the grid line. */
#define EM_ASCENT 0.88

static const dl_color black = {0, 0, 0};

/* ---- page style ----------------------------------------------------------- */

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

int page_style_load(page_style *ps, xxgk_diags *d)
{
    memset(ps, 0, sizeof *ps);
    const char *data;
    size_t size;
    if (!data_file("page-gbt9704.json", &data, &size)) {
        diag_add(d, XXGK_ERROR, "L00", NULL, "找不到版式数据 layouts/page-gbt9704.json");
        return -1;
    }
    json_error_t err;
    json_t *j = json_loadb(data, size, 0, &err);
    if (!j) {
        diag_add(d, XXGK_ERROR, "L00", NULL, "layouts/page-gbt9704.json 无法读取：%s（第%d行）", err.text, err.line);
        return -1;
    }
    int miss = 0;
    ps->paper_w = MM(num(j, "paper.width_mm", 210, &miss));
    ps->paper_h = MM(num(j, "paper.height_mm", 297, &miss));
    ps->top = MM(num(j, "type_area.top_mm", 37, &miss));
    ps->left = MM(num(j, "type_area.left_mm", 28, &miss));
    ps->width = MM(num(j, "type_area.width_mm", 156, &miss));
    ps->height = MM(num(j, "type_area.height_mm", 225, &miss));
    ps->lines = (int)num(j, "grid.lines", 22, &miss);
    ps->chars = (int)num(j, "grid.chars", 28, &miss);
    ps->pitch = num(j, "grid.line_pitch_pt", 28.95, &miss);
    ps->cell = ps->width / (ps->chars > 0 ? ps->chars : 28);
    ps->size_title = num(j, "sizes_pt.title", 22, &miss);
    ps->size_body = num(j, "sizes_pt.body", 16, &miss);
    ps->size_heading = num(j, "sizes_pt.heading", 16, &miss);
    ps->size_page_number = num(j, "sizes_pt.page_number", 14, &miss);
    ps->size_draft = num(j, "sizes_pt.draft_mark", 16, &miss);
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
        miss++;
    }
    ps->table_min_number = num(j, "sizes_pt.table_min_number", 5, &miss);
    ps->first_indent_chars = num(j, "body.first_line_indent_chars", 2, &miss);
    ps->title_blank_after = (int)num(j, "title.blank_lines_after", 1, &miss);
    ps->title_max_lines = (int)num(j, "title.max_lines", 3, &miss);
    ps->sig_blank_before = (int)num(j, "signature.blank_lines_before", 1, &miss);
    ps->sig_right_chars = num(j, "signature.right_indent_chars", 2, &miss);
    ps->sig_date_shift_chars = num(j, "signature.date_shift_chars", 2, &miss);
    ps->seal_size = MM(num(j, "seal.size_mm", 42, &miss));
    ps->seal_date_right_chars = num(j, "seal.date_right_indent_chars", 4, &miss);
    ps->seal_top_max_lines = num(j, "seal.top_within_lines", 1, &miss);
    ps->notes_indent_chars = num(j, "notes.left_indent_chars", 2, &miss);
    ps->pn_below = MM(num(j, "page_number.below_type_area_mm", 7, &miss));
    ps->pn_inset_em = num(j, "page_number.edge_inset_em", 1, &miss);
    const char *dash = json_string_value(json_object_get(json_object_get(j, "page_number"), "dash"));
    snprintf(ps->pn_dash, sizeof ps->pn_dash, "%s", dash ? dash : "—");
    ps->gap_em = num(j, "spacing.han_latin_gap_em", 0.25, &miss);
    ps->gap_min_em = num(j, "spacing.han_latin_gap_min_em", 0.125, &miss);
    ps->gap_max_em = num(j, "spacing.han_latin_gap_max_em", 1.0 / 3, &miss);
    ps->space_min_em = num(j, "spacing.space_min_em", 0.25, &miss);
    ps->space_max_em = num(j, "spacing.space_max_em", 0.5, &miss);
    ps->rule_width = num(j, "table.rule_width_pt", 0.75, &miss);
    ps->pad_x = num(j, "table.cell_padding_x_pt", 2.5, &miss);
    ps->pad_y = num(j, "table.cell_padding_y_pt", 3, &miss);
    ps->table_line_em = num(j, "table.line_spacing_em", 1.25, &miss);
    ps->table_space_before = num(j, "table.space_before_pt", 6, &miss);
    ps->table_min_rows = (int)num(j, "table.min_rows_at_page_bottom", 3, &miss);
    ps->table_keep_outer_groups = num(j, "table.keep_outer_groups", 1, &miss) != 0;
    json_decref(j);
    if (miss)
        diag_add(d, XXGK_WARNING, "L01", NULL, "layouts/page-gbt9704.json 缺少 %d 个数值，已用 GB/T 9704 默认值", miss);
    return 0;
}

/* ---- layout state --------------------------------------------------------- */

typedef struct {
    const xxgk_report *r;
    xxgk_fonts *fonts;
    const page_style *ps;
    const layout_options *opt;
    xxgk_diags *d;
    dl_document *doc;
    dl_page *page;
    int page_index;
    double y;          /* top of the free space on the page */
    int failed;
    int quiet;          /* trial layout: no diagnostics */
    double table_size;  /* pt, the three tables */
    /* dump */
    strbuf lines, cells, pages, images;
    const char *page_end_reason;
    /* Text lines on the grid, numbered in order of placement, so that a
     * second pass can break the page before one of them (the 落款 takes
     * the last lines of the body with it rather than stand alone). */
    int line_no;       /* lines placed so that far */
    int force_break;   /* break the page before this line; -1: none */
    int want_break;    /* out: the line to break before on a second pass; -1 */
    struct recent_line {
        int line_no, page, para_line, para_lines;
        int heading;       /* a heading, kept with what follows */
        double top, x0, x1; /* grid line top, ink extent */
    } recent[8];
    int n_recent;
} layout;

static double bottom(const layout *L) { return L->ps->top + L->ps->height; }

static void dump_sep(strbuf *b)
{
    if (b->len)
        sb_add(b, ",\n");
}

static void new_page(layout *L, const char *reason_for_previous)
{
    if (L->page) {
        dump_sep(&L->pages);
        sb_printf(&L->pages, "{\"page\":%d,\"end\":\"%s\"}", L->page_index + 1, reason_for_previous);
    }
    L->page = dl_add_page(L->doc, L->ps->paper_w, L->ps->paper_h);
    L->page_index = (int)L->doc->n_pages - 1;
    L->y = L->ps->top;
}

/* Index of the next free grid line on the page. */
static int next_grid_line(const layout *L)
{
    double k = (L->y - L->ps->top) / L->ps->pitch;
    return (int)ceil(k - 1e-6);
}

static int grid_lines_left(const layout *L) { return L->ps->lines - next_grid_line(L); }

/* The top of the next grid line, on a new page when this one is full. */
static double take_grid_line(layout *L)
{
    if (grid_lines_left(L) <= 0)
        new_page(L, "full");
    double top = L->ps->top + next_grid_line(L) * L->ps->pitch;
    L->y = top + L->ps->pitch;
    return top;
}

static void skip_grid_lines(layout *L, int n)
{
    for (int i = 0; i < n && grid_lines_left(L) > 0; i++)
        take_grid_line(L);
}

/* ---- text ----------------------------------------------------------------- */

typedef struct {
    xxgk_font_role role;
    double size;
    const char *text;
    size_t len;
    shaped_text shaped;
} text_span;

static void report_undrawable(layout *L, const text_span *s, const char *place, const char *path)
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
        report_diag(L->d, L->r, XXGK_ERROR, "F02", &(diag_where){.place = place, .path = path, .actual = ch}, "字符 U+%04X「%s」无法用“%s”角色的字体（%s）排印，会被替换为另一风格的字体（%s）：…%s…", s->shaped.bad_cp, ch, fi->style, fi->family ? fi->family : "无", s->shaped.bad_family, ctx);
    else
        report_diag(L->d, L->r, XXGK_ERROR, "F02", &(diag_where){.place = place, .path = path, .actual = ch}, "字符 U+%04X「%s」无法用“%s”角色的字体（%s）排印：…%s…", s->shaped.bad_cp, ch, fi->style, fi->family ? fi->family : "无", ctx);
    L->failed = 1;
}

static int shape_spans(layout *L, text_span *spans, size_t n, const char *place, const char *path)
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

static void free_spans(text_span *spans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        shaped_text_free(&spans[i].shaped);
}

static void to_compose_spans(const text_span *spans, size_t n, compose_span *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].tag = (int)spans[i].role;
        out[i].size = spans[i].size;
        out[i].text = spans[i].text;
        out[i].len = spans[i].len;
        out[i].shaped = &spans[i].shaped;
    }
}

static void body_opts(const layout *L, compose_opts *o, double measure)
{
    compose_opts_default(o, measure);
    o->cell_ratio = L->ps->cell / L->ps->size_body;
    o->gap_em = L->ps->gap_em;
    o->gap_min_em = L->ps->gap_min_em;
    o->gap_max_em = L->ps->gap_max_em;
    o->space_min_em = L->ps->space_min_em;
    o->space_max_em = L->ps->space_max_em;
}

/* Draw line li of c (spans) with its start at x0 and baseline at base;
 * records the line in the dump under kind (NULL: not recorded). */
static void emit_line(layout *L, const composition *c, size_t li, const text_span *spans, double x0,
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
        size_t ng = 0, nc = 0;
        sb_free(&text);
        for (; i < end && c->units[i].span == span && !c->units[i].hidden; i++) {
            const cunit *u = &c->units[i];
            const shaped_cluster *sc = &st->clusters[u->cluster];
            if (ng + sc->n_glyphs + 1 > cap || nc + 1 > cap) {
                cap = 2 * (cap + sc->n_glyphs + 8);
                g = xrealloc(g, cap * sizeof *g);
                cl = xrealloc(cl, cap * sizeof *cl);
            }
            double pen = x0 + u->x + u->draw_dx;
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
            dump_sep(&chars);
            strbuf one = {0};
            sb_addn(&one, sp->text + u->byte_start, u->byte_len);
            sb_printf(&chars, "[%.3f,%.3f,", x0 + u->x, u->width);
            sb_add_json_string(&chars, one.s);
            sb_printf(&chars, ",\"%s\"]", xxgk_font_role_name(sp->role));
            sb_free(&one);
        }
        const xxgk_face_info *fi = xxgk_fonts_face(L->fonts, sp->role);
        int face = dl_face_id(L->doc, fi->file, fi->index, fi->family);
        dl_add_run(L->doc, L->page, face, sp->size, black, g, ng, text.s ? text.s : "", text.len,
                   cl, nc);
    }
    free(g);
    free(cl);
    if (L->opt->want_dump && kind) {
        strbuf all = {0};
        for (size_t k = ln->first; k < end; k++)
            if (!c->units[k].hidden)
                sb_addn(&all, spans[c->units[k].span].text + c->units[k].byte_start,
                        c->units[k].byte_len);
        dump_sep(&L->lines);
        sb_printf(&L->lines,
                  "{\"page\":%d,\"kind\":\"%s\",\"grid\":%d,\"top\":%.3f,\"height\":%.3f,"
                  "\"baseline\":%.3f,\"x\":%.3f,\"indent\":%.3f,\"width\":%.3f,\"available\":%.3f,"
                  "\"justified\":%s,\"last\":%s,\"overfull\":%s,\"text\":",
                  L->page_index + 1, kind,
                  (int)floor((line_top - L->ps->top) / L->ps->pitch + 0.5), line_top, line_h, base,
                  x0 + ln->indent, ln->indent, ln->width, ln->available,
                  ln->justified ? "true" : "false", ln->last ? "true" : "false",
                  ln->overfull ? "true" : "false");
        sb_add_json_string(&L->lines, all.s ? all.s : "");
        /* The character after the line: tells a push-out (后推出) apart. */
        strbuf next = {0};
        if (end < c->n_units)
            sb_addn(&next, spans[c->units[end].span].text + c->units[end].byte_start,
                    c->units[end].byte_len);
        sb_add(&L->lines, ",\"next\":");
        sb_add_json_string(&L->lines, next.s ? next.s : "");
        sb_free(&next);
        sb_printf(&L->lines, ",\"chars\":[%s]}", chars.s ? chars.s : "");
        sb_free(&all);
    }
    sb_free(&text);
    sb_free(&chars);
}

/* Remember a text line placed on the grid (see layout.recent). */
static void record_line(layout *L, double top, double x0, double x1, int para_line,
                        int para_lines, int heading)
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

/* A forced page break of a second pass, before the next line. */
static void forced_break(layout *L)
{
    if (L->force_break >= 0 && L->line_no == L->force_break && L->y > L->ps->top + EPS)
        new_page(L, "seal");
}

static double grid_baseline(const layout *L, double line_top, double size)
{
    return line_top + (L->ps->pitch - size) / 2 + EM_ASCENT * size;
}

/* A paragraph on the grid.  keep_with_next: lines of what follows that
 * must be on the same page as its last line (a heading keeps with the
 * start of the next paragraph, as much of it as pagination will keep
 * together: items_keep). */
static void place_paragraph(layout *L, text_span *spans, size_t n, double first_indent,
                            double measure, double x_left, const char *kind, const char *place,
                            const char *path, int keep_with_next)
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
    place_paragraph(L, spans, n, L->ps->first_indent_chars * L->ps->cell, L->ps->width,
                    L->ps->left, kind, place, path, keep);
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

/* ---- title ---------------------------------------------------------------- */

/* Break positions of the title: after the agency name, after the year,
 * between 政府信息公开 and 工作年度报告; inside the agency only after an
 * administrative division. */
static double title_break_penalty(const char *title, size_t off, const char *agency)
{
    const char *a = agency && *agency ? strstr(title, agency) : NULL;
    size_t a0 = a ? (size_t)(a - title) : 0, a1 = a ? a0 + strlen(agency) : 0;
    if (a && off == a1)
        return 0;
    static const char *const after_words[] = {"年", "政府信息公开", NULL};
    for (int i = 0; after_words[i]; i++) {
        size_t w = strlen(after_words[i]);
        if (off >= w && !strncmp(title + off - w, after_words[i], w) &&
            (!a || off <= a0 || off >= a1))
            return i == 0 ? 0 : 1;
    }
    if (a && off > a0 && off < a1) {
        static const char *const divisions[] = {"省", "市", "区", "县", "州", "盟", "旗", "镇",
                                                "乡", "自治区", "人民政府", NULL};
        for (int i = 0; divisions[i]; i++) {
            size_t w = strlen(divisions[i]);
            if (off - a0 >= w && !strncmp(title + off - w, divisions[i], w))
                return 50;
        }
        return -1;
    }
    return -1;
}

static void place_title(layout *L, const char *title)
{
    text_span sp = {XXGK_ROLE_TITLE, L->ps->size_title, title, strlen(title), {0}};
    if (!shape_spans(L, &sp, 1, "标题", "/title")) {
        free_spans(&sp, 1);
        return;
    }
    compose_span cs;
    to_compose_spans(&sp, 1, &cs);
    compose_opts o;
    compose_opts_default(&o, L->ps->width);
    o.justify = 0;
    composition c;
    compose_units(&cs, 1, &o, &c);
    size_t n = c.n_units;
    double W = L->ps->width;
    /* Candidate breaks (after unit i) with their penalties. */
    double *pen = xmalloc((n ? n : 1) * sizeof *pen);
    for (size_t i = 0; i < n; i++) {
        size_t off = c.units[i].byte_start + c.units[i].byte_len;
        pen[i] = i + 1 < n && !c.units[i].no_break_after
                     ? title_break_penalty(title, off, xxgk_report_agency(L->r))
                     : -1;
    }
    size_t best[3] = {n ? n - 1 : 0, 0, 0};
    int best_lines = 1;
    if (n && compose_range_width(&c, &o, 0, n - 1) > W + EPS) {
        double best_cost = 1e18;
        int max_lines = L->ps->title_max_lines < 3 ? L->ps->title_max_lines : 3;
        for (int lines = 2; lines <= max_lines && best_cost >= 1e17; lines++) {
            for (size_t i = 0; i + 1 < n; i++) {
                if (pen[i] < 0)
                    continue;
                for (size_t j = lines == 3 ? i + 1 : n - 1; j < n; j++) {
                    if (lines == 3 && (j + 1 >= n || pen[j] < 0))
                        continue;
                    size_t ends[3] = {i, lines == 3 ? j : n - 1, n - 1};
                    double w[3], mx = 0, mn = 1e9, cost = pen[i] + (lines == 3 ? pen[j] : 0);
                    size_t a = 0;
                    int fits = 1;
                    for (int k = 0; k < lines; k++) {
                        w[k] = compose_range_width(&c, &o, a, ends[k]);
                        if (w[k] > W + EPS)
                            fits = 0;
                        mx = w[k] > mx ? w[k] : mx;
                        mn = w[k] < mn ? w[k] : mn;
                        a = ends[k] + 1;
                    }
                    if (!fits)
                        continue;
                    cost += mx - mn;
                    /* 梯形: a first line no longer than the second. */
                    if (w[0] > w[1] + EPS)
                        cost += 0.25 * (w[0] - w[1]);
                    if (cost < best_cost) {
                        best_cost = cost;
                        memcpy(best, ends, sizeof best);
                        best_lines = lines;
                    }
                    if (lines == 2)
                        break;
                }
            }
        }
        if (best_cost >= 1e17) {
            /* No word break fits: break the title as a paragraph. */
            composition_free(&c);
            free(pen);
            compose_paragraph(&cs, 1, &o, &c);
            for (size_t i = 0; i < c.n_lines; i++) {
                double top = take_grid_line(L);
                emit_line(L, &c, i, &sp, L->ps->left + (W - c.lines[i].width) / 2,
                          grid_baseline(L, top, sp.size), top, L->ps->pitch, "title");
                record_line(L, top, L->ps->left + (W - c.lines[i].width) / 2,
                            L->ps->left + (W + c.lines[i].width) / 2, (int)i, (int)c.n_lines, 1);
            }
            composition_free(&c);
            free_spans(&sp, 1);
            return;
        }
    }
    size_t a = 0;
    for (int k = 0; k < best_lines; k++) {
        compose_add_line(&c, &o, a, best[k], 0, 1);
        a = best[k] + 1;
    }
    for (size_t i = 0; i < c.n_lines; i++) {
        double top = take_grid_line(L);
        emit_line(L, &c, i, &sp, L->ps->left + (W - c.lines[i].width) / 2,
                  grid_baseline(L, top, sp.size), top, L->ps->pitch, "title");
        record_line(L, top, L->ps->left + (W - c.lines[i].width) / 2,
                    L->ps->left + (W + c.lines[i].width) / 2, (int)i, (int)c.n_lines, 1);
    }
    composition_free(&c);
    free(pen);
    free_spans(&sp, 1);
}

/* ---- a single line of text placed by the caller ----------------------------- */

typedef struct {
    text_span span;
    composition c;
    double width;
} one_line;

static int one_line_make(layout *L, one_line *ol, xxgk_font_role role, double size,
                         const char *text, int grid, const char *place)
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

static void one_line_free(one_line *ol)
{
    composition_free(&ol->c);
    free_spans(&ol->span, 1);
}

/* ---- tables --------------------------------------------------------------- */

typedef struct {
    int row, col, rs, cs;
    const char *text;
    int numeric;
    int header;
    int centred;
    double size;
    text_span span;
    composition comp;
    double text_h;
    int ok;
} gcell;

typedef struct {
    int n_rows, n_cols, n_head;
    double *col_w, *row_h;
    gcell *cells;
    int n_cells, cap_cells;
    double size;
    const char *name;
    int block;          /* index of the block in its table */
    arena mem;
} gtable;

static gcell *gt_add(gtable *g, int row, int col, int rs, int cs, const char *text, int header)
{
    if (g->n_cells == g->cap_cells) {
        g->cap_cells = g->cap_cells ? 2 * g->cap_cells : 64;
        g->cells = xrealloc(g->cells, (size_t)g->cap_cells * sizeof *g->cells);
    }
    gcell *c = &g->cells[g->n_cells++];
    memset(c, 0, sizeof *c);
    c->row = row;
    c->col = col;
    c->rs = rs;
    c->cs = cs;
    c->text = text ? text : "";
    c->header = header;
    c->centred = 1;
    return c;
}

static void gt_reset_text(gtable *g)
{
    for (int i = 0; i < g->n_cells; i++) {
        composition_free(&g->cells[i].comp);
        shaped_text_free(&g->cells[i].span.shaped);
        g->cells[i].text_h = 0;
        g->cells[i].ok = 0;
    }
}

static void gt_free(gtable *g)
{
    for (int i = 0; i < g->n_cells; i++) {
        composition_free(&g->cells[i].comp);
        shaped_text_free(&g->cells[i].span.shaped);
    }
    free(g->cells);
    free(g->col_w);
    free(g->row_h);
    arena_free(&g->mem);
}

static int tree_depth(const hnode *n)
{
    int d = 0;
    for (size_t i = 0; i < n->n_children; i++) {
        int k = tree_depth(n->children[i]);
        d = k > d ? k : d;
    }
    return n->parent || n->n_children ? d + (n->parent ? 1 : 0) : 0;
}

static void add_col_headers(gtable *g, const hnode *n, int head_rows, int stub, int row_off)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *ch = n->children[i];
        int leafy = ch->n_children == 0;
        gt_add(g, row_off + ch->depth - 1, stub + ch->first_leaf, leafy ? head_rows - ch->depth + 1 : 1,
               ch->n_leaves, ch->label, 1);
        add_col_headers(g, ch, head_rows, stub, row_off);
    }
}

static void add_row_labels(gtable *g, const hnode *n, int stub, int row_off)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *ch = n->children[i];
        int leafy = ch->n_children == 0;
        gcell *c = gt_add(g, row_off + ch->first_leaf, ch->depth - 1, ch->n_leaves,
                          leafy ? stub - ch->depth + 1 : 1, ch->label, 0);
        c->centred = !leafy; /* group labels centred, row labels flush left */
        add_row_labels(g, ch, stub, row_off);
    }
}

static int block_has_stub(const tblock *b)
{
    if (b->stub_header && *b->stub_header)
        return 1;
    for (int i = 0; i < b->n_rows; i++)
        if (b->row_leaves[i]->label && *b->row_leaves[i]->label)
            return 1;
    return 0;
}

/* The grid of one block: [title row] column header rows, then a row per
 * row leaf; stub columns for the row tree. */
static void build_block(gtable *g, const xxgk_report *r, const tblock *b)
{
    memset(g, 0, sizeof *g);
    int head = b->col_depth > 0 ? b->col_depth : tree_depth(b->cols);
    int stub = block_has_stub(b) ? (b->row_depth > 0 ? b->row_depth : tree_depth(b->rows)) : 0;
    int title = b->title && *b->title ? 1 : 0;
    g->n_head = title + head;
    g->n_rows = g->n_head + b->n_rows;
    g->n_cols = stub + b->n_cols;
    if (title)
        gt_add(g, 0, 0, 1, g->n_cols, b->title, 1);
    if (stub)
        gt_add(g, title, 0, head, stub, b->stub_header, 1);
    add_col_headers(g, b->cols, head, stub, title);
    if (stub)
        add_row_labels(g, b->rows, stub, g->n_head);
    for (int ri = 0; ri < b->n_rows; ri++)
        for (int ci = 0; ci < b->n_cols; ci++) {
            const cell *v = report_cell(r, b, ri, ci);
            const char *text = "";
            if (v->state == CELL_GIVEN || v->state == CELL_COMPUTED) {
                char buf[48];
                format_value(v->v, buf, sizeof buf);
                text = arena_strdup(&g->mem, buf);
            }
            gcell *c = gt_add(g, g->n_head + ri, stub + ci, 1, 1, text, 0);
            c->numeric = 1;
        }
    g->col_w = xmalloc((size_t)g->n_cols * sizeof *g->col_w);
    g->row_h = xmalloc((size_t)g->n_rows * sizeof *g->row_h);
}

static double text_width(layout *L, const char *text, double size)
{
    one_line ol;
    if (!one_line_make(L, &ol, XXGK_ROLE_BODY, size, text, 0, "表格"))
        return 0;
    double w = ol.width;
    one_line_free(&ol);
    return w;
}

static int stub_cols(const gtable *g)
{
    int s = g->n_cols;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && g->cells[i].col < s)
            s = g->cells[i].col;
    return s;
}

/* Column widths at size f; 0 when the numbers or the stub do not fit. */
static int set_widths(layout *L, gtable *g, double f, double widest_number, int strict)
{
    const page_style *ps = L->ps;
    double W = ps->width, p = ps->pad_x;
    int stub = stub_cols(g), nv = g->n_cols - stub;
    double need_v = widest_number + 2 * p;
    double header_min = 2 * f + 2 * p; /* a header may wrap down to two characters a line */
    if (need_v < header_min)
        need_v = header_min;
    if (stub == 0) {
        double v = W / nv;
        for (int i = 0; i < nv; i++)
            g->col_w[i] = v;
        return v + EPS >= need_v || !strict;
    }
    double mins[3] = {0};
    double stub_min = 0;
    if (stub >= 3) {
        mins[0] = 1.5 * f + 2 * p;
        mins[1] = 4 * f + 2 * p;
        mins[2] = 6 * f + 2 * p;
    } else {
        for (int i = 0; i < stub; i++)
            mins[i] = 6 * f / stub + 2 * p;
    }
    for (int i = 0; i < stub && i < 3; i++)
        stub_min += mins[i];
    double v_nice = nv > 3 ? 3 * f + 2 * p : (W * 0.55) / nv;
    double v = v_nice > need_v ? v_nice : need_v;
    if (W - v * nv < stub_min)
        v = (W - stub_min) / nv;
    if (strict && v + EPS < need_v)
        return 0;
    double stub_w = W - v * nv;
    if (stub >= 3) {
        g->col_w[0] = mins[0];
        g->col_w[1] = mins[1];
        g->col_w[2] = stub_w - mins[0] - mins[1];
        for (int i = 3; i < stub; i++)
            g->col_w[i] = 0;
    } else {
        for (int i = 0; i < stub; i++)
            g->col_w[i] = stub_w / stub;
    }
    for (int i = 0; i < nv; i++)
        g->col_w[stub + i] = v;
    return 1;
}

static double span_width(const gtable *g, const gcell *c)
{
    double w = 0;
    for (int i = c->col; i < c->col + c->cs; i++)
        w += g->col_w[i];
    return w;
}

/* Compose the text of every cell and the row heights. */
static void compose_cells(layout *L, gtable *g)
{
    const page_style *ps = L->ps;
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        double inner = span_width(g, c) - 2 * ps->pad_x;
        c->size = g->size;
        if (c->numeric && *c->text) {
            double w = text_width(L, c->text, g->size);
            if (w > inner) {
                /* Only an absurd value gets here: shrink this cell alone. */
                double s = floor(g->size * inner / w * 10) / 10;
                c->size = s < ps->table_min_number ? ps->table_min_number : s;
            }
        }
        /* A group label too long for its cell: its enumerator （三） on a
         * line of its own. */
        const char *enclose = "（";
        const char *close = strstr(c->text, "）");
        if (!c->header && c->centred && !strncmp(c->text, enclose, strlen(enclose)) && close &&
            close - c->text <= 12 && close[strlen("）")] &&
            text_width(L, c->text, c->size) > inner) {
            size_t k = (size_t)(close - c->text) + strlen("）");
            c->text = arena_printf(&g->mem, "%.*s\n%s", (int)k, c->text, c->text + k);
        }
        c->span.role = XXGK_ROLE_BODY;
        c->span.size = c->size;
        c->span.text = c->text;
        c->span.len = strlen(c->text);
        c->ok = 0;
        if (!c->span.len)
            continue;
        if (xxgk_fonts_shape(L->fonts, XXGK_ROLE_BODY, c->size, c->text, c->span.len,
                             &c->span.shaped) != 0) {
            report_undrawable(L, &c->span, g->name, NULL);
            continue;
        }
        compose_span cs;
        to_compose_spans(&c->span, 1, &cs);
        compose_opts o;
        compose_opts_default(&o, inner);
        o.justify = 0;
        o.avoid_orphan = 0;
        compose_paragraph(&cs, 1, &o, &c->comp);
        if (c->centred && c->comp.n_lines > 1) {
            /* Balance the lines of a centred cell: the narrowest measure
             * that keeps the number of lines (商业/企业, not 商业企/业). */
            size_t lines = c->comp.n_lines;
            double lo = inner / (double)lines, hi = inner;
            for (int it = 0; it < 12; it++) {
                double mid = (lo + hi) / 2;
                composition t;
                o.measure = mid;
                compose_paragraph(&cs, 1, &o, &t);
                int ok = t.n_lines == lines;
                for (size_t k = 0; ok && k < t.n_lines; k++)
                    ok = !t.lines[k].overfull;
                composition_free(&t);
                if (ok)
                    hi = mid;
                else
                    lo = mid;
            }
            composition_free(&c->comp);
            o.measure = hi;
            compose_paragraph(&cs, 1, &o, &c->comp);
            for (size_t k = 0; k < c->comp.n_lines; k++)
                c->comp.lines[k].available = inner;
        }
        c->text_h = (double)c->comp.n_lines * c->size * ps->table_line_em;
        c->ok = 1;
    }
    double min_h = g->size * ps->table_line_em + 2 * ps->pad_y;
    for (int r = 0; r < g->n_rows; r++)
        g->row_h[r] = min_h;
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        if (c->rs == 1 && c->text_h + 2 * ps->pad_y > g->row_h[c->row])
            g->row_h[c->row] = c->text_h + 2 * ps->pad_y;
    }
    for (int i = 0; i < g->n_cells; i++) {
        gcell *c = &g->cells[i];
        if (c->rs <= 1)
            continue;
        double have = 0, need = c->text_h + 2 * ps->pad_y;
        for (int r = c->row; r < c->row + c->rs; r++)
            have += g->row_h[r];
        if (need > have)
            for (int r = c->row; r < c->row + c->rs; r++)
                g->row_h[r] += (need - have) / c->rs;
    }
}

static double widest_number(layout *L, const gtable *g, double f)
{
    double w = 0;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].numeric && *g->cells[i].text) {
            double k = text_width(L, g->cells[i].text, f);
            w = k > w ? k : w;
        }
    return w;
}

static double rows_height(const double *h, int a, int b)
{
    double s = 0;
    for (int r = a; r <= b; r++)
        s += h[r];
    return s;
}

static double table_height_at(layout *L, gtable *gs, int n, double f)
{
    double h = 0;
    int quiet = L->quiet;
    L->quiet = 1;
    for (int i = 0; i < n; i++) {
        gs[i].size = f;
        set_widths(L, &gs[i], f, widest_number(L, &gs[i], f), 0);
        compose_cells(L, &gs[i]);
        h += rows_height(gs[i].row_h, 0, gs[i].n_rows - 1);
        gt_reset_text(&gs[i]);
    }
    L->quiet = quiet;
    return h;
}

/* The table size: the largest at which the numbers fit the columns and the
 * whole table fits one page under its section heading; failing that, the
 * largest at which the numbers fit (the table then continues on the next
 * page). */
static double choose_table_size(layout *L, gtable *gs, int n)
{
    const page_style *ps = L->ps;
    double fallback = -1;
    for (int k = 0; k < ps->n_table_sizes; k++) {
        double f = ps->table_sizes[k];
        int ok = 1;
        for (int i = 0; i < n && ok; i++)
            ok = set_widths(L, &gs[i], f, widest_number(L, &gs[i], f), 1);
        if (!ok)
            continue;
        if (fallback < 0)
            fallback = f;
        /* the heading line above it: a table that fits the page alone but
         * not under its heading spills its last row onto a page of its own */
        if (ps->pitch + ps->table_space_before + table_height_at(L, gs, n, f) <= ps->height + EPS)
            return f;
    }
    return fallback > 0 ? fallback : ps->table_sizes[ps->n_table_sizes - 1];
}

static void build_table(layout *L, const ttable *tt, gtable *gs)
{
    for (size_t i = 0; i < tt->n_blocks; i++) {
        build_block(&gs[i], L->r, &tt->blocks[i]);
        gs[i].name = tt->section ? tt->section->number : "";
        gs[i].block = (int)i;
    }
}

/* One size for the three tables: the smallest of their own choices. */
static double document_table_size(layout *L, const xxgk_template *t)
{
    double f = 1e9;
    for (size_t s = 0; t && s < t->n_sections; s++) {
        const ttable *tt = t->sections[s].table;
        if (!tt || !tt->n_blocks)
            continue;
        gtable *gs = xmalloc(tt->n_blocks * sizeof *gs);
        build_table(L, tt, gs);
        double k = choose_table_size(L, gs, (int)tt->n_blocks);
        f = k < f ? k : f;
        for (size_t i = 0; i < tt->n_blocks; i++)
            gt_free(&gs[i]);
        free(gs);
    }
    return f < 1e9 ? f : L->ps->table_sizes[0];
}

static void draw_cell_text(layout *L, const gtable *g, const gcell *c, double x, double y, double w,
                           double h, const char *table_name)
{
    const page_style *ps = L->ps;
    double lh = c->size * ps->table_line_em;
    double y0 = y + (h - c->text_h) / 2;
    double inner = w - 2 * ps->pad_x;
    double max_w = 0;
    for (size_t li = 0; li < c->comp.n_lines; li++) {
        const cline *ln = &c->comp.lines[li];
        double lx = x + ps->pad_x + (c->centred ? (inner - ln->width) / 2 : 0);
        double base = y0 + li * lh + (lh - c->size) / 2 + EM_ASCENT * c->size;
        emit_line(L, &c->comp, li, &c->span, lx, base, y0 + li * lh, lh, NULL);
        max_w = ln->width > max_w ? ln->width : max_w;
    }
    if (L->opt->want_dump) {
        dump_sep(&L->cells);
        sb_printf(&L->cells,
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
}

/* Draw rows [r0, r1] of g under its header rows, from L->y; extra[r] is
 * height added on this page for clipped spanning labels. */
static double draw_fragment(layout *L, const gtable *g, int r0, int r1, const double *h)
{
    const page_style *ps = L->ps;
    double *ry = xmalloc((size_t)(g->n_rows + 1) * sizeof *ry);
    double y = L->y;
    for (int r = 0; r < g->n_rows; r++) {
        int visible = r < g->n_head || (r >= r0 && r <= r1);
        ry[r] = y;
        if (visible)
            y += h[r];
    }
    ry[g->n_rows] = y;
    double *cx = xmalloc((size_t)(g->n_cols + 1) * sizeof *cx);
    cx[0] = ps->left;
    for (int i = 0; i < g->n_cols; i++)
        cx[i + 1] = cx[i] + g->col_w[i];
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        int a = c->row, b = c->row + c->rs - 1;
        if (!c->header) {
            a = a > r0 ? a : r0;
            b = b < r1 ? b : r1;
            if (a > b)
                continue;
        }
        double top = ry[a], bot = ry[b] + h[b];
        double x = cx[c->col], w = cx[c->col + c->cs] - x;
        dl_add_rect(L->page, x, top, w, bot - top, 0, ps->rule_width, black);
        if (c->ok)
            draw_cell_text(L, g, c, x, top, w, bot - top, g->name);
    }
    free(cx);
    free(ry);
    return y;
}

/* Heights of rows on a page holding rows [r0, r1]: spanning labels cut by
 * the page get room for their whole text. */
static void fragment_heights(const layout *L, const gtable *g, int r0, int r1, double *h)
{
    for (int r = 0; r < g->n_rows; r++)
        h[r] = g->row_h[r];
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        if (c->header || c->rs <= 1)
            continue;
        int a = c->row > r0 ? c->row : r0, b = c->row + c->rs - 1 < r1 ? c->row + c->rs - 1 : r1;
        if (a > b || (a == c->row && b == c->row + c->rs - 1))
            continue;
        double have = 0, need = c->text_h + 2 * L->ps->pad_y;
        for (int r = a; r <= b; r++)
            have += h[r];
        if (need > have)
            h[b] += need - have;
    }
}

/* Does the group label c hold other groups (三、本年度办理结果 holds
 * （三）不予公开 …)? */
static int holds_groups(const gtable *g, const gcell *c)
{
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *d = &g->cells[i];
        if (d != c && !d->header && !d->numeric && d->rs > 1 && d->row >= c->row &&
            d->row + d->rs <= c->row + c->rs && d->col > c->col)
            return 1;
    }
    return 0;
}

/* The label cell of a group of rows that starts at row k and that fits a
 * page (so is kept together); the group's last row, or -1.  A group that
 * holds other groups may break between them (its label repeated) unless
 * the page style keeps outer groups too. */
static int kept_group_end(const gtable *g, int k, double page_room, int keep_outer)
{
    int end = -1;
    for (int i = 0; i < g->n_cells; i++) {
        const gcell *c = &g->cells[i];
        if (c->header || c->numeric || c->rs <= 1 || c->row != k)
            continue;
        if (!keep_outer && holds_groups(g, c))
            continue;
        int last = c->row + c->rs - 1;
        if (rows_height(g->row_h, c->row, last) <= page_room + EPS && last > end)
            end = last;
    }
    return end;
}

/* The last row of a page that starts with row r and has room for rows. */
static int fragment_end(const gtable *g, int r, double room, double page_room, int keep_outer)
{
    int r1 = r - 1;
    double used = 0;
    for (int k = r; k < g->n_rows; k++) {
        int ge = k > r ? kept_group_end(g, k, page_room, keep_outer) : -1;
        if (ge >= 0 && used + rows_height(g->row_h, k, ge) > room + EPS)
            break;
        if (used + g->row_h[k] > room + EPS)
            break;
        used += g->row_h[k];
        r1 = k;
    }
    return r1;
}

/* Rows a table's first page must hold: min_rows, and a kept group that
 * begins among them whole. */
static int first_rows_needed(const gtable *g, int min_rows, double page_room, int keep_outer)
{
    int last = g->n_head + min_rows - 1;
    if (last >= g->n_rows)
        last = g->n_rows - 1;
    for (int k = g->n_head + 1; k <= last; k++) {
        int ge = kept_group_end(g, k, page_room, keep_outer);
        if (ge > last)
            last = ge;
    }
    return last;
}

static void place_table(layout *L, const gtable *g, int min_rows)
{
    const page_style *ps = L->ps;
    double head_h = rows_height(g->row_h, 0, g->n_head - 1);
    double page_room = ps->height - head_h;
    double *h = xmalloc((size_t)g->n_rows * sizeof *h);
    /* Never start with fewer than min_rows rows at the bottom of a page. */
    int ko = ps->table_keep_outer_groups;
    int need_last = first_rows_needed(g, min_rows, page_room, ko);
    if (L->y > ps->top + EPS &&
        fragment_end(g, g->n_head, bottom(L) - L->y - head_h, page_room, ko) < need_last)
        new_page(L, "table");
    int r = g->n_head;
    while (r < g->n_rows) {
        double room = bottom(L) - L->y - head_h;
        int r1 = fragment_end(g, r, room, page_room, ko);
        if (r1 < r)
            r1 = r; /* a row taller than the page: set it anyway */
        for (;;) {
            fragment_heights(L, g, r, r1, h);
            if (r1 == r || rows_height(h, r, r1) <= room + EPS)
                break;
            r1--;
        }
        L->y = draw_fragment(L, g, r, r1, h);
        r = r1 + 1;
        if (r < g->n_rows)
            new_page(L, "table");
    }
    free(h);
}

static void layout_table(layout *L, const ttable *tt)
{
    const page_style *ps = L->ps;
    int n = (int)tt->n_blocks;
    gtable *gs = xmalloc((size_t)n * sizeof *gs);
    build_table(L, tt, gs);
    for (int i = 0; i < n; i++) {
        gs[i].size = L->table_size;
        set_widths(L, &gs[i], L->table_size, widest_number(L, &gs[i], L->table_size), 0);
        compose_cells(L, &gs[i]);
    }
    L->y = ps->top + next_grid_line(L) * ps->pitch;
    for (int i = 0; i < n; i++) {
        /* A small block (table 二) is kept whole. */
        int keep = gs[i].n_rows - gs[i].n_head;
        if (keep > ps->table_min_rows && rows_height(gs[i].row_h, 0, gs[i].n_rows - 1) > ps->height / 2)
            keep = ps->table_min_rows;
        place_table(L, &gs[i], keep);
    }
    for (int i = 0; i < n; i++)
        gt_free(&gs[i]);
    free(gs);
}

/* Height needed under a section heading for the start of its table. */
static double table_start_need(layout *L, const ttable *tt)
{
    gtable g;
    build_block(&g, L->r, &tt->blocks[0]);
    g.name = "";
    g.size = L->table_size;
    set_widths(L, &g, g.size, widest_number(L, &g, g.size), 0);
    int quiet = L->quiet;
    L->quiet = 1;
    compose_cells(L, &g);
    L->quiet = quiet;
    int keep = g.n_rows - g.n_head;
    if (keep > L->ps->table_min_rows && tt->n_blocks == 1)
        keep = L->ps->table_min_rows;
    double head_h = rows_height(g.row_h, 0, g.n_head - 1);
    double need = rows_height(g.row_h, 0, first_rows_needed(&g, keep, L->ps->height - head_h,
                                                           L->ps->table_keep_outer_groups));
    gt_free(&g);
    return need;
}

/* ---- sections, signature, page furniture ---------------------------------------- */

static void section_heading(layout *L, const tsection *s, double need_after)
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
static int items_keep(layout *L, const prose *t, size_t i)
{
    if (!t || i >= t->n)
        return 1;
    const para *p = &t->items[i];
    if (!heading_only(p))
        return paragraph_keep(L, p->heading, heading_role(p->level), p->text);
    int k = items_keep(L, t, i + 1);
    return k >= L->ps->lines ? k : 1 + k; /* saturates: no overflow on a thousand headings */
}

static void text_items(layout *L, const prose *t, const char *place)
{
    for (size_t i = 0; t && i < t->n; i++) {
        const para *p = &t->items[i];
        int keep = heading_only(p) ? items_keep(L, t, i + 1) : 0;
        body_paragraph(L, p->heading, heading_role(p->level), p->text,
                       keep ? "heading" : "body", place, p->path, keep);
    }
}

/* Width and height in pixels of a PNG, from its IHDR; 0 when it is not one. */
static int png_size(const char *path, double *w, double *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n < sizeof b || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
        return 0;
    unsigned long pw = (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 |
                       (unsigned long)b[18] << 8 | b[19];
    unsigned long ph = (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 |
                       (unsigned long)b[22] << 8 | b[23];
    if (pw == 0 || ph == 0)
        return 0;
    *w = (double)pw;
    *h = (double)ph;
    return 1;
}

/* The line before which a second pass breaks the page, so that the 落款
 * takes the last lines of the body with it instead of standing alone: the
 * last two lines of the last paragraph (the paragraph when it has one),
 * with a heading right above them.  -1 when the text just placed is not at
 * the end of this page (a table), or when it would leave the page empty. */
static int signature_break(const layout *L)
{
    int n = L->n_recent;
    if (n == 0)
        return -1;
    const struct recent_line *last = &L->recent[n - 1];
    if (last->page != L->page_index || fabs(last->top + L->ps->pitch - L->y) > EPS)
        return -1;
    int k = n - 1;
    if (L->recent[k].para_line > 0 && k > 0 && L->recent[k - 1].page == L->page_index)
        k--;
    while (k > 0 && L->recent[k - 1].heading && L->recent[k - 1].page == L->page_index)
        k--;
    if (L->recent[k].top <= L->ps->top + EPS)
        return -1;
    return L->recent[k].line_no;
}

/* Does the ink of the text line at grid line g of this page run into
 * [x0, x1]?  A line not recorded (a table, a blank line) counts as ink. */
static int grid_line_ink(const layout *L, int g, double x0, double x1)
{
    double top = L->ps->top + g * L->ps->pitch;
    for (int i = L->n_recent - 1; i >= 0; i--) {
        const struct recent_line *r = &L->recent[i];
        if (r->page != L->page_index || fabs(r->top - top) > EPS)
            continue;
        return r->x1 > x0 - EPS && r->x0 < x1 + EPS;
    }
    return 1;
}

/* GB/T 9704 7.3.5.1, vertically: the seal's top within one line of the
 * body; the agency and the date (rows lines from grid line *first) under
 * the seal, both below its centre, both covered by it.  When that does not
 * fit under the body (the standard allows adjusting the spacing), the seal
 * and the 落款 go up by one or two lines beside the body's last lines when
 * their text leaves the room.  0 when nothing fits on this page. */
static int seal_place(const layout *L, int rows, double sx, double sw, double sh, int *first,
                      double *sy)
{
    const page_style *ps = L->ps;
    int f = next_grid_line(L);
    double size = ps->size_body, inset = (ps->pitch - size) / 2;
    for (int lift = 0; lift <= 2; lift++) {
        if (f - lift < 0)
            break;
        if (lift > 0 && grid_line_ink(L, f - lift, sx, sx + sw))
            break;
        double T = ps->top + (f - lift) * ps->pitch;
        if (T + sh > bottom(L) + EPS)
            continue;
        for (int b = 1; b <= 8; b++) {
            int n0 = f - lift + b, nl = n0 + rows - 1;
            if (n0 < f)
                continue;
            if (nl > ps->lines - 1)
                break;
            double gn = ps->top + n0 * ps->pitch + inset, gd = ps->top + nl * ps->pitch + inset + size;
            if (T > gn + EPS)
                continue;
            if (T + sh < gd - EPS)
                break;
            if (T + sh / 2 > (gn + gd) / 2 + EPS)
                continue;
            *first = n0;
            *sy = T;
            return 1;
        }
    }
    return 0;
}

static void place_signature(layout *L)
{
    const page_style *ps = L->ps;
    const char *agency = xxgk_report_agency(L->r);
    char date[64] = "";
    if (L->r->date_y > 0 && L->r->date_m > 0 && L->r->date_d > 0)
        snprintf(date, sizeof date, "%d年%d月%d日", L->r->date_y, L->r->date_m, L->r->date_d);
    one_line name, when;
    int have_name = agency && *agency &&
                    one_line_make(L, &name, XXGK_ROLE_BODY, ps->size_body, agency, 1, "发文机关署名");
    int have_date = *date && one_line_make(L, &when, XXGK_ROLE_BODY, ps->size_body, date, 1, "成文日期");
    if (!have_name && !have_date)
        return;
    double right = ps->left + ps->width;
    double name_w = have_name ? name.width : 0, date_w = have_date ? when.width : 0;
    double name_x, date_x;
    double sw = 0, sh = 0, sx = 0, sy = 0;
    int sealed = L->r->seal && *L->r->seal && ps->seal_size > 0 && png_size(L->r->seal, &sw, &sh);
    int rows = have_name + have_date, first = -1;
    if (sealed) {
        /* GB/T 9704 7.3.5.1: 成文日期右空四字; the agency centred on the
         * date; the seal centred on both, at its real size. */
        double k = ps->seal_size / (sw > sh ? sw : sh);
        sw *= k;
        sh *= k;
        double date_right = right - ps->seal_date_right_chars * ps->cell;
        double centre = date_right - (have_date ? date_w : name_w) / 2;
        date_x = date_right - date_w;
        name_x = centre - name_w / 2;
        if (name_x + name_w > right)
            name_x = right - name_w;
        if (name_x < ps->left)
            name_x = ps->left;
        sx = centre - sw / 2;
        if (sx + sw > right)
            sx = right - sw;
        if (sx < ps->left)
            sx = ps->left;
        if (!seal_place(L, rows, sx, sw, sh, &first, &sy)) {
            int cut = L->force_break < 0 ? signature_break(L) : -1;
            if (cut >= 0) {
                L->want_break = cut; /* a second pass moves the body's last lines */
                goto out;
            }
            new_page(L, "keep");
            if (!seal_place(L, rows, sx, sw, sh, &first, &sy)) {
                first = 0;
                sy = ps->top;
            }
        }
        L->y = ps->top + first * ps->pitch;
    } else {
        /* GB/T 9704 7.3.5.2: 署名右空二字; the date starts two characters to
         * the right of the name; a longer date is set 右空二字 and the name
         * moves left. */
        double r2 = right - ps->sig_right_chars * ps->cell;
        name_x = r2 - name_w;
        date_x = name_x + ps->sig_date_shift_chars * ps->cell;
        if (date_x + date_w > r2 + EPS) {
            date_x = r2 - date_w;
            name_x = date_x - ps->sig_date_shift_chars * ps->cell;
        }
        int need = ps->sig_blank_before + rows;
        if (grid_lines_left(L) < need) {
            int cut = L->force_break < 0 ? signature_break(L) : -1;
            if (cut >= 0) {
                L->want_break = cut;
                goto out;
            }
            new_page(L, "keep");
        } else {
            skip_grid_lines(L, ps->sig_blank_before);
        }
    }
    if (have_name) {
        double top = take_grid_line(L);
        emit_line(L, &name.c, 0, &name.span, name_x, grid_baseline(L, top, ps->size_body), top,
                  ps->pitch, "signature");
    }
    if (have_date) {
        double top = take_grid_line(L);
        emit_line(L, &when.c, 0, &when.span, date_x, grid_baseline(L, top, ps->size_body), top,
                  ps->pitch, "date");
    }
    if (sealed) {
        /* Drawn last: the seal presses on the agency and the date. */
        dl_add_image(L->doc, L->page, L->r->seal, sx, sy, sw, sh);
        if (L->opt->want_dump) {
            dump_sep(&L->images);
            sb_printf(&L->images,
                      "{\"page\":%d,\"kind\":\"seal\",\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,\"h\":%.3f,"
                      "\"path\":",
                      L->page_index + 1, sx, sy, sw, sh);
            sb_add_json_string(&L->images, L->r->seal);
            sb_add(&L->images, "}");
        }
    }
out:
    if (have_name)
        one_line_free(&name);
    if (have_date)
        one_line_free(&when);
}

static void place_notes(layout *L)
{
    const char *notes = L->r->notes;
    if (!notes || !*notes)
        return;
    /* 7.3.6: 居左空二字加圆括号, on the line under the date. */
    strbuf b = {0};
    int has_paren = !strncmp(notes, "（", strlen("（"));
    if (!has_paren)
        sb_add(&b, "（");
    sb_add(&b, notes);
    if (!has_paren)
        sb_add(&b, "）");
    text_span sp = {XXGK_ROLE_BODY, L->ps->size_body, b.s, b.len, {0}};
    place_paragraph(L, &sp, 1, L->ps->notes_indent_chars * L->ps->cell, L->ps->width, L->ps->left,
                    "notes", "附注", "/notes", 0);
    sb_free(&b);
}

static void page_numbers(layout *L)
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
        xxgk_fonts_glyph_ink(L->fonts, XXGK_ROLE_PAGE_NUMBER, ps->size_page_number, dash_glyph, &top,
                             &bot);
        double base = bottom(L) + ps->pn_below - top;
        L->page = &L->doc->pages[i];
        L->page_index = (int)i;
        emit_line(L, &ol.c, 0, &ol.span, x, base, base - EM_ASCENT * ps->size_page_number,
                  ps->size_page_number, "page_number");
        one_line_free(&ol);
    }
}

static void draft_marks(layout *L)
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

static void metadata(layout *L, const char *title)
{
    dl_document *doc = L->doc;
    const xxgk_report *r = L->r;
    dl_set_meta(doc, &doc->title, title);
    dl_set_meta(doc, &doc->author, xxgk_report_agency(r));
    dl_set_meta(doc, &doc->subject, "政府信息公开工作年度报告");
    char kw[256];
    snprintf(kw, sizeof kw, "政府信息公开; 年度报告; %d年; %s", r->year,
             xxgk_report_agency(r) ? xxgk_report_agency(r) : "");
    dl_set_meta(doc, &doc->keywords, kw);
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

static char *make_dump(layout *L)
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

/* One pass of the layout; *want_break (when not -1) asks for a second
 * pass that breaks the page before that text line. */
static dl_document *layout_pass(const xxgk_report *r, xxgk_fonts *fonts, const page_style *ps,
                                const layout_options *o, xxgk_diags *d, char **dump,
                                int force_break, int *want_break)
{
    layout L;
    memset(&L, 0, sizeof L);
    L.force_break = force_break;
    L.want_break = -1;
    L.r = r;
    L.fonts = fonts;
    L.ps = ps;
    L.opt = o;
    L.d = d;
    L.doc = dl_new();
    const xxgk_template *t = xxgk_report_template(r);
    const char *title = xxgk_report_title(r);
    L.table_size = document_table_size(&L, t);
    new_page(&L, "");
    if (title && *title)
        place_title(&L, title);
    skip_grid_lines(&L, ps->title_blank_after);
    text_items(&L, &r->preface, "前言");
    for (size_t i = 0; t && i < t->n_sections; i++) {
        const tsection *s = &t->sections[i];
        double need = s->table && s->table->n_blocks ? table_start_need(&L, s->table)
                      : r->sections ? items_keep(&L, &r->sections[i], 0) * ps->pitch
                                    : 0;
        section_heading(&L, s, need);
        if (s->table)
            layout_table(&L, s->table);
        else if (r->sections)
            text_items(&L, &r->sections[i], s->heading);
    }
    place_signature(&L);
    place_notes(&L);
    dump_sep(&L.pages);
    sb_printf(&L.pages, "{\"page\":%d,\"end\":\"end\"}", L.page_index + 1);
    page_numbers(&L);
    if (o->draft)
        draft_marks(&L);
    metadata(&L, title);
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

dl_document *layout_report(const xxgk_report *r, xxgk_fonts *fonts, const page_style *ps,
                           const layout_options *o, xxgk_diags *d, char **dump)
{
    int want = -1;
    dl_document *doc = layout_pass(r, fonts, ps, o, d, dump, -1, &want);
    if (doc && want >= 0) {
        /* The 落款 did not fit under the body: again, with the body's last
         * lines on the next page. */
        dl_free(doc);
        if (dump && *dump) {
            free(*dump);
            *dump = NULL;
        }
        int again = -1;
        doc = layout_pass(r, fonts, ps, o, d, dump, want, &again);
    }
    return doc;
}
