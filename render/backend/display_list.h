/* display_list.h — what layout produces and backends draw: pages of
 * positioned glyph runs, rules, rectangles and images, plus document
 * metadata and outline entries.  Backend-neutral: no cairo, no Pango.
 *
 * Coordinates are PostScript points, origin at the top-left corner of the
 * page, y growing downwards; a glyph's y is its baseline.
 */
#ifndef XXGK_DISPLAY_LIST_H
#define XXGK_DISPLAY_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

typedef struct {
    const char *file; /* font file */
    int index;        /* face in a collection */
    const char *family;
} dl_face;

typedef struct {
    uint32_t id; /* glyph index in the face */
    double x, y; /* pen position (baseline), absolute */
} dl_glyph;

/* A cluster maps num_bytes of the run's text to num_glyphs glyphs, in order,
 * so that the text of the PDF extracts as the input text. */
typedef struct {
    int num_bytes, num_glyphs;
} dl_cluster;

typedef struct {
    double r, g, b;
} dl_color;

typedef struct {
    int face;    /* index into dl_document.faces */
    double size; /* pt */
    dl_color color;
    dl_glyph *glyphs;
    size_t n_glyphs;
    const char *text; /* UTF-8 */
    size_t text_len;
    dl_cluster *clusters;
    size_t n_clusters;
    /* 1: the face is lighter than the style wants; a backend that can
     * strokes the outlines too (synthetic bold, a stroke of size/30). */
    int embolden;
} dl_run;

typedef struct {
    double x0, y0, x1, y1;
    double width;
    dl_color color;
} dl_rule;

typedef struct {
    double x, y, w, h;
    int fill; /* 1: filled; 0: stroked with line_width */
    double line_width;
    dl_color color;
} dl_rect;

typedef struct {
    const char *path;          /* where the PNG came from (for the layout dump) */
    const unsigned char *data; /* its bytes, copied into the document */
    size_t len;
    double x, y, w, h;
} dl_image;

typedef enum { DL_RUN, DL_RULE, DL_RECT, DL_IMAGE } dl_kind;

typedef struct {
    dl_kind kind;
    union {
        dl_run run;
        dl_rule rule;
        dl_rect rect;
        dl_image image;
    } u;
} dl_item;

typedef struct {
    double width, height;
    dl_item *items;
    size_t n_items, cap_items;
} dl_page;

typedef struct {
    const char *title;
    int page;    /* 0-based */
    double x, y; /* target on the page */
    int level;   /* 1: top level */
} dl_outline;

typedef struct {
    arena mem; /* strings, glyph and cluster arrays */
    dl_face *faces;
    size_t n_faces;
    dl_page *pages;
    size_t n_pages;
    dl_outline *outlines;
    size_t n_outlines;
    /* Metadata; NULL when absent. */
    const char *title, *author, *subject, *keywords, *creator;
    const char *creation_date; /* ISO 8601, e.g. 2023-01-28T00:00:00+08:00 */
} dl_document;

dl_document *dl_new(void);
void dl_free(dl_document *doc);
/* The face of file/index, added once. */
int dl_face_id(dl_document *doc, const char *file, int index, const char *family);
dl_page *dl_add_page(dl_document *doc, double width, double height);
/* The run's arrays and text are copied into the document; returns the
 * run (NULL: no glyph, nothing added). */
dl_run *dl_add_run(dl_document *doc, dl_page *p, int face, double size, dl_color color,
                const dl_glyph *glyphs, size_t n_glyphs, const char *text, size_t text_len,
                const dl_cluster *clusters, size_t n_clusters);
void dl_add_rule(dl_page *p, double x0, double y0, double x1, double y1, double width);
void dl_add_rect(dl_page *p, double x, double y, double w, double h, int fill, double line_width,
                 dl_color color);
void dl_add_image(dl_document *doc, dl_page *p, const char *path, const unsigned char *data,
                  size_t len, double x, double y, double w, double h);
void dl_add_outline(dl_document *doc, const char *title, int page, double x, double y, int level);
void dl_set_meta(dl_document *doc, const char **field, const char *value);

/* A growing list of 32-bit values; free(v) when done. */
typedef struct {
    uint32_t *v;
    size_t n, cap;
} dl_u32_list;

/* The glyph ids face draws in doc and the characters of its runs' text (in
 * the order drawn, with repeats): what a backend subsets the face to. */
void dl_face_usage(const dl_document *doc, size_t face, dl_u32_list *glyphs, dl_u32_list *cps);

#endif
