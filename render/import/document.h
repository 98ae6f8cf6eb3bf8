/* document.h — the document every reader of a published report produces,
 * and what the import reads it as.
 *
 * A published report is paragraphs and tables.  The text reader has lines
 * only (a row of cells joined by '|' or tabs keeps its fields in place:
 * table_values.c); the HTML reader (html.c) and the Word reader (docx.c)
 * know more and say it: each paragraph with the line (HTML) or paragraph
 * number (Word) it starts at, and each table as an explicit grid of rows ×
 * columns in which every cell knows its true row and column, spans
 * expanded (document.c places the cells, so HTML's rowspan/colspan and
 * Word's gridSpan/vMerge give the same grid).  doc_lines turns the
 * document into the lines the import reads: a paragraph a line, a row of a
 * grid a line with its cells (tline.fields), so one table matcher serves
 * every form.
 */
#ifndef XXGK_IMPORT_DOCUMENT_H
#define XXGK_IMPORT_DOCUMENT_H

#include "import/import.h"
#include "xxgk_import.h"

/* Bounds that hold any real report and stop a hostile one. */
#define DOC_MAX_ROWS 4000
#define DOC_MAX_COLS 64
#define DOC_MAX_ITEMS 200000

/* A cell of a grid, where it really is: row … row + rowspan - 1, col …
 * col + colspan - 1. */
typedef struct {
    const char *text; /* "" for a blank cell */
    int row, col, rowspan, colspan;
} doc_cell;

/* A table: its cells in the order they start (row by row), and which cell
 * covers each position (index into cells, -1 none). */
typedef struct {
    doc_cell *cells;
    size_t n_cells, cap_cells;
    int n_rows, n_cols;
    int *cover; /* DOC_MAX_COLS per row */
    int *row_line;
    int cap_rows;
    int cur_row, cur_col; /* where the next cell goes */
    int truncated;        /* rows or columns beyond the bounds were left out */
} doc_grid;

typedef struct {
    const char *text; /* a paragraph, or NULL for a table */
    doc_grid *grid;
    int line;
} doc_item;

typedef struct {
    arena mem;
    doc_item *v;
    size_t n, cap;
    int truncated; /* items beyond DOC_MAX_ITEMS were left out */
} import_doc;

void doc_init(import_doc *doc);
void doc_free(import_doc *doc);
/* A paragraph (its text copied; line breaks in it make paragraphs of
 * their own, spaces trimmed; an empty one is dropped). */
void doc_add_para(import_doc *doc, const char *text, int line);

/* A new table; its rows and cells follow. */
doc_grid *doc_add_grid(import_doc *doc, int line);
/* A new row of the grid (the first one too). */
void grid_row(doc_grid *g, int line);
/* The next cell of the current row, at the first column no cell covers,
 * spanning rowspan × colspan (clamped to the bounds). */
void grid_cell(import_doc *doc, doc_grid *g, const char *text, int rowspan, int colspan);
/* Word's vMerge="continue": the next colspan columns of the current row
 * belong to the cell above; it grows by a row. */
void grid_merge_down(doc_grid *g, int colspan);

/* The lines of the document for the import (malloc'd array, strings in
 * doc's arena): *n lines. */
tline *doc_lines(import_doc *doc, size_t *n);

/* ---- the readers ---- */

/* A web page: 0 with doc filled, -1 when it cannot be read (d says why). */
int html_read(const char *data, size_t len, import_doc *doc, xxgk_diags *d);
/* A Word file (OOXML), likewise. */
int docx_read(const char *data, size_t len, import_doc *doc, xxgk_diags *d);
/* Whether data looks like HTML (a tag of a page near its start). */
int html_sniff(const char *data, size_t len);

/* ---- import_text.c ---- */

/* The report from the lines of a document (import_text.c); cut_in_line:
 * the last line may be cut short. */
char *import_lines(tline *lines, size_t n, int cut_in_line, const xxgk_import_options *opt,
                   xxgk_diags *d, int *complete);
/* The report from a UTF-8 text. */
char *import_text_with(const char *text, size_t len, const xxgk_import_options *opt,
                       xxgk_diags *d, int *complete);

#endif
