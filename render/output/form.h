/* form.h — what the writers of the web page (form_html.c) and the Word
 * file (form_docx.c) share: the walk over a report in the order the PDF
 * prints it (form_walk.c), each statutory table as one grid whose spans
 * are the template's header trees (form_grid.c, from the layout's own
 * build_block), and XML escaping.  Like a renderer of cmark: the walker
 * calls the writer back, the writer knows only its markup. */
#ifndef XXGK_OUTPUT_FORM_H
#define XXGK_OUTPUT_FORM_H

#include "base/base.h"
#include "model/model.h"
#include "xxgk_render.h"

typedef enum { FC_TITLE, FC_CORNER, FC_COLUMN, FC_ROW, FC_VALUE } form_cell_kind;

typedef struct {
    int row, col, rs, cs; /* in the table's grid */
    const char *text;     /* "" for a value that is not there (a draft) */
    form_cell_kind kind;
    int centred;          /* group labels, headers and values; row labels flush left */
    int block;            /* index of the block in its table */
    int block_head;       /* the block's first row (its title or header) */
    int block_body;       /* the block's first row of values */
} form_cell;

/* One statutory table: its blocks stacked in one grid of the widest
 * block's columns, a narrower block's last column widened to fill it. */
typedef struct {
    int n_rows, n_cols;
    form_cell *cells; /* row by row, left to right */
    int n_cells;
    int n_blocks;
    int *head_rows; /* per row: 1 when it is a title or header row */
    arena mem;
} form_grid;

void form_grid_make(form_grid *g, const xxgk_report *r, const ttable *tt);
void form_grid_free(form_grid *g);

/* The callbacks of a writer; para gets the preface's and the sections'
 * paragraphs (p->level: 2 （一）, 3 1., 4 （1）). */
typedef struct {
    void *ctx;
    void (*title)(void *ctx, const char *title);
    void (*section)(void *ctx, const tsection *s);
    void (*para)(void *ctx, const para *p);
    void (*table)(void *ctx, const ttable *tt, const form_grid *g);
    /* agency and date as printed (date "" when there is none); notes in
     * their parentheses, or NULL */
    void (*closing)(void *ctx, const char *agency, const char *date, const char *notes);
} form_visitor;

/* The title, the preface, each section's heading and its prose or its
 * table (the prose before a table is not printed, as in the PDF), then
 * the 落款 and the notes. */
void form_walk(const xxgk_report *r, const form_visitor *v);

/* s with & < > " escaped, appended to b. */
void sb_add_xml(strbuf *b, const char *s);

/* The writers: the form's bytes appended to out; 0, or -1 and *why. */
int form_html(const xxgk_report *r, const xxgk_render_options *o, int fragment, strbuf *out,
              char **why);
int form_docx(const xxgk_report *r, const xxgk_render_options *o, strbuf *out, char **why);

#endif
