/* signature.c — the 落款 (the agency's name and the date of the report),
 * the seal over it, and the notes under it.
 *
 * GB/T 9704 7.3.5.2, without a seal: the agency 右空二字, the date under it
 * two characters further right.  7.3.5.1, with a seal: the date 右空四字,
 * the agency centred over it, the seal at its real size centred on both,
 * its top within one line of the body.  When the 落款 does not fit under
 * the body, a second pass of the layout takes the body's last lines to
 * the next page with it, so that it does not stand alone there.  7.3.6:
 * the notes 居左空二字, in parentheses, on the line under the date.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/layout_internal.h"

/* Width and height in pixels of a PNG, from its IHDR; 0 when it is not one. */
static int png_size(const unsigned char *b, size_t n, double *w, double *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!b || n < 24 || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
        return 0;
    unsigned long pw =
        (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 | (unsigned long)b[18] << 8 | b[19];
    unsigned long ph =
        (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 | (unsigned long)b[22] << 8 | b[23];
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
            double gn = ps->top + n0 * ps->pitch + inset,
                   gd = ps->top + nl * ps->pitch + inset + size;
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

/* The 落款 as it is set. */
typedef struct {
    char date_text[64]; /* the text of when: its span points here */
    one_line name, when;
    int have_name, have_date;
    double name_w, date_w;
    int rows;
    double name_x, date_x;
    int sealed;
    double sx, sy, sw, sh; /* the seal, pt */
} signature;

/* The lines of the 落款 and whether it has a seal; 0 when it has neither
 * an agency nor a date. */
static int signature_make(layout *L, signature *s)
{
    const page_style *ps = L->ps;
    const char *agency = xxgk_report_agency(L->r);
    memset(s, 0, sizeof *s);
    if (L->r->date_y > 0 && L->r->date_m > 0 && L->r->date_d > 0)
        snprintf(s->date_text, sizeof s->date_text, "%d年%d月%d日", L->r->date_y, L->r->date_m,
                 L->r->date_d);
    s->have_name =
        agency && *agency &&
        one_line_make(L, &s->name, XXGK_ROLE_BODY, ps->size_body, agency, 1, "发文机关署名");
    s->have_date = *s->date_text && one_line_make(L, &s->when, XXGK_ROLE_BODY, ps->size_body,
                                                  s->date_text, 1, "成文日期");
    if (!s->have_name && !s->have_date)
        return 0;
    s->name_w = s->have_name ? s->name.width : 0;
    s->date_w = s->have_date ? s->when.width : 0;
    s->sealed = !L->content->unsealed && L->r->seal && *L->r->seal && ps->seal_size > 0 &&
                png_size(L->r->seal_data, L->r->seal_len, &s->sw, &s->sh);
    s->rows = s->have_name + s->have_date;
    return 1;
}

/* The 落款 does not fit under the body: 1 when a second pass is asked for
 * (it takes the body's last lines to the next page with it). */
static int ask_second_pass(layout *L)
{
    int cut = L->force_break < 0 ? signature_break(L) : -1;
    if (cut >= 0)
        L->want_break = cut;
    return cut >= 0;
}

/* GB/T 9704 7.3.5.1: 成文日期右空四字; the agency centred on the date; the
 * seal centred on both, at its real size.  0 when a second pass is asked
 * for; else L->y is the first line of the 落款. */
static int place_sealed(layout *L, signature *s)
{
    const page_style *ps = L->ps;
    double right = ps->left + ps->width;
    double name_w = s->name_w, date_w = s->date_w;
    int first = -1;
    double k = ps->seal_size / (s->sw > s->sh ? s->sw : s->sh);
    s->sw *= k;
    s->sh *= k;
    double date_right = right - ps->seal_date_right_chars * ps->cell;
    double centre = date_right - (s->have_date ? date_w : name_w) / 2;
    s->date_x = date_right - date_w;
    s->name_x = centre - name_w / 2;
    if (s->name_x + name_w > right)
        s->name_x = right - name_w;
    if (s->name_x < ps->left)
        s->name_x = ps->left;
    s->sx = centre - s->sw / 2;
    if (s->sx + s->sw > right)
        s->sx = right - s->sw;
    if (s->sx < ps->left)
        s->sx = ps->left;
    if (!seal_place(L, s->rows, s->sx, s->sw, s->sh, &first, &s->sy)) {
        if (ask_second_pass(L))
            return 0;
        new_page(L, "keep");
        if (!seal_place(L, s->rows, s->sx, s->sw, s->sh, &first, &s->sy)) {
            first = 0;
            s->sy = ps->top;
        }
    }
    L->y = ps->top + first * ps->pitch;
    return 1;
}

/* GB/T 9704 7.3.5.2: 署名右空二字; the date starts two characters to the
 * right of the name; a longer date is set 右空二字 and the name moves
 * left.  0 when a second pass is asked for; else L->y is above the first
 * line of the 落款. */
static int place_unsealed(layout *L, signature *s)
{
    const page_style *ps = L->ps;
    double right = ps->left + ps->width;
    double r2 = right - ps->sig_right_chars * ps->cell;
    s->name_x = r2 - s->name_w;
    s->date_x = s->name_x + ps->sig_date_shift_chars * ps->cell;
    if (s->date_x + s->date_w > r2 + EPS) {
        s->date_x = r2 - s->date_w;
        s->name_x = s->date_x - ps->sig_date_shift_chars * ps->cell;
    }
    int need = ps->sig_blank_before + s->rows;
    if (grid_lines_left(L) < need) {
        if (ask_second_pass(L))
            return 0;
        new_page(L, "keep");
    } else {
        skip_grid_lines(L, ps->sig_blank_before);
    }
    return 1;
}

static void draw_signature(layout *L, const signature *s)
{
    const page_style *ps = L->ps;
    if (s->have_name) {
        double top = take_grid_line(L);
        emit_line(L, &s->name.c, 0, &s->name.span, s->name_x, grid_baseline(L, top, ps->size_body),
                  top, ps->pitch, "signature");
    }
    if (s->have_date) {
        double top = take_grid_line(L);
        emit_line(L, &s->when.c, 0, &s->when.span, s->date_x, grid_baseline(L, top, ps->size_body),
                  top, ps->pitch, "date");
    }
    if (s->sealed) {
        /* Drawn last: the seal presses on the agency and the date. */
        dl_add_image(L->doc, L->page, L->r->seal, L->r->seal_data, L->r->seal_len, s->sx, s->sy,
                     s->sw, s->sh);
        if (L->opt->want_dump)
            dump_image(L, "seal", s->sx, s->sy, s->sw, s->sh, L->r->seal);
    }
}

void place_signature(layout *L)
{
    signature s;
    if (!signature_make(L, &s))
        return;
    if (s.sealed ? place_sealed(L, &s) : place_unsealed(L, &s))
        draw_signature(L, &s);
    if (s.have_name)
        one_line_free(&s.name);
    if (s.have_date)
        one_line_free(&s.when);
}

void place_notes(layout *L)
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
