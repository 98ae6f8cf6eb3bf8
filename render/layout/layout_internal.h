/* layout_internal.h — what the parts of the layout share, and nothing the
 * rest of the library sees (that is layout.h).
 *
 * Owns the layout state of one pass (the page being filled, how far down
 * it is, the text lines placed so far for the 落款's second pass, the dump
 * being collected), the grid arithmetic, the two kinds of text the parts
 * set (spans of a paragraph, a single line placed by the caller) and the
 * entry point of each part: the state and the driver (layout.c), text
 * (text.c), paragraphs and headings (paragraph.c), the title (title.c),
 * tables (table_build.c, table_place.c; their grid is in table.h), the
 * 落款 and notes (signature.c), page numbers, draft marks and metadata
 * (page_marks.c), the dump (dump.c).
 */
#ifndef XXGK_LAYOUT_INTERNAL_H
#define XXGK_LAYOUT_INTERNAL_H

#include <math.h>

#include "layout/compose.h"
#include "layout/layout.h"

#define EPS 0.01
/* Ideographic em box: ascent 0.88 em above the baseline (Noto CJK, the
 * Windows 公文 fonts alike); the box is centred in the grid line. */
#define EM_ASCENT 0.88

/* ---- layout state (layout.c) ---------------------------------------------- */

typedef struct layout layout;

/* What a pass lays out: the title, the body under it (body(L, ctx)), then
 * the 落款 of r (its agency and date; its seal unless unsealed) and its
 * notes when with_notes, the page numbers and the metadata (subject). */
typedef struct {
    const char *title;
    const char *subject;
    void (*body)(layout *L, const void *ctx);
    const void *ctx;
    int unsealed, with_notes;
} layout_content;

/* Both passes of the layout of content (see layout.c). */
dl_document *layout_run(const xxgk_report *r, const layout_content *content, xxgk_fonts *fonts,
                        const page_style *ps, const layout_options *o, xxgk_diags *d,
                        char **dump);

struct layout {
    const xxgk_report *r;
    const layout_content *content;
    xxgk_fonts *fonts;
    const page_style *ps;
    const layout_options *opt;
    xxgk_diags *d;
    dl_document *doc;
    dl_page *page;
    int page_index;
    double y; /* top of the free space on the page */
    int failed;
    int quiet;         /* trial layout: no diagnostics */
    /* dump */
    strbuf lines, cells, pages, images;
    const char *page_end_reason;
    /* Text lines on the grid, numbered in order of placement, so that a
     * second pass can break the page before one of them (the 落款 takes
     * the last lines of the body with it rather than stand alone). */
    int line_no;     /* lines placed so that far */
    int force_break; /* break the page before this line; -1: none */
    int want_break;  /* out: the line to break before on a second pass; -1 */
    struct recent_line {
        int line_no, page, para_line, para_lines;
        int heading;        /* a heading, kept with what follows */
        double top, x0, x1; /* grid line top, ink extent */
    } recent[8];
    int n_recent;
};

static inline double bottom(const layout *L) { return L->ps->top + L->ps->height; }

/* Index of the next free grid line on the page. */
static inline int next_grid_line(const layout *L)
{
    double k = (L->y - L->ps->top) / L->ps->pitch;
    return (int)ceil(k - 1e-6);
}

static inline int grid_lines_left(const layout *L) { return L->ps->lines - next_grid_line(L); }

static inline double grid_baseline(const layout *L, double line_top, double size)
{
    return line_top + (L->ps->pitch - size) / 2 + EM_ASCENT * size;
}

void new_page(layout *L, const char *reason_for_previous);
/* The top of the next grid line, on a new page when this one is full. */
double take_grid_line(layout *L);
void skip_grid_lines(layout *L, int n);
/* Remember a text line placed on the grid (see layout.recent). */
void record_line(layout *L, double top, double x0, double x1, int para_line, int para_lines,
                 int heading);

/* ---- text (text.c) -------------------------------------------------------- */

typedef struct {
    xxgk_font_role role;
    double size;
    const char *text;
    size_t len;
    shaped_text shaped;
} text_span;

/* A character of s its role's font cannot draw: an F02 error (none while
 * L->quiet), and the layout fails. */
void report_undrawable(layout *L, const text_span *s, const char *place, const char *path);
/* Shape every span; 0 when one of them cannot be drawn (reported). */
int shape_spans(layout *L, text_span *spans, size_t n, const char *place, const char *path);
void free_spans(text_span *spans, size_t n);
void to_compose_spans(const text_span *spans, size_t n, compose_span *out);
/* Composer options of body text on the grid. */
void body_opts(const layout *L, compose_opts *o, double measure);
/* Draw line li of c (spans) with its start at x0 and baseline at base;
 * records the line in the dump under kind (NULL: not recorded). */
void emit_line(layout *L, const composition *c, size_t li, const text_span *spans, double x0,
               double base, double line_top, double line_h, const char *kind);

/* A single line of text placed by the caller. */
typedef struct {
    text_span span;
    composition c;
    double width;
} one_line;

/* grid: spaced as body text on the grid; 0 when it cannot be drawn. */
int one_line_make(layout *L, one_line *ol, xxgk_font_role role, double size, const char *text,
                  int grid, const char *place);
void one_line_free(one_line *ol);

/* ---- paragraphs and headings (paragraph.c) -------------------------------- */

/* A paragraph of spans on the grid, its first line indented first_indent;
 * keep_with_next: lines of what follows kept on the page of its last line. */
void place_paragraph(layout *L, text_span *spans, size_t n, double first_indent, double measure,
                     double x_left, const char *kind, const char *place, const char *path,
                     int keep_with_next);
/* The heading of a section, on the next page unless need_after (pt) of
 * what follows fits under it. */
void section_heading(layout *L, const tsection *s, double need_after);
/* Lines from item i of t on that must stay on the page of the line before. */
int items_keep(layout *L, const prose *t, size_t i);
/* The headings and paragraphs of t; place names them in diagnostics. */
void text_items(layout *L, const prose *t, const char *place);
/* A body paragraph without a heading, its first line indented. */
void body_text(layout *L, const char *text, const char *place, const char *path);

/* ---- the parts placed by the driver --------------------------------------- */

void place_title(layout *L, const char *title);                /* title.c */
double table_size_for(layout *L, const ttable *tt); /* table_build.c: its one size */
void layout_table(layout *L, const ttable *tt);                /* table_place.c */
double table_start_need(layout *L, const ttable *tt);          /* table_place.c */
void place_signature(layout *L);                               /* signature.c */
void place_notes(layout *L);                                   /* signature.c */
void page_numbers(layout *L);                                  /* page_marks.c */
void draft_marks(layout *L);                                   /* page_marks.c */
void metadata(layout *L, const char *title, const char *subject); /* page_marks.c */

/* ---- the dump (dump.c) ---------------------------------------------------- */

void dump_sep(strbuf *b);
void dump_page_end(layout *L, const char *reason);
/* One character of a line into chars (the line's "chars"). */
void dump_char(strbuf *chars, double x, double width, const char *text, size_t len,
               xxgk_font_role role);
void dump_line(layout *L, const composition *c, size_t li, const text_span *spans, double x0,
               double base, double line_top, double line_h, const char *kind, const char *chars);
void dump_image(layout *L, const char *kind, double x, double y, double w, double h,
                const char *path);
/* The dump as malloc'd JSON. */
char *make_dump(layout *L);

#endif
