/* import.h — the base every part of the text import shares (labels.c):
 * the lines of the text, the lines of one section, the code point classes
 * the text is read with and labels compared as the text prints them.
 *
 * The parts above it: text.h (the document: lines, structure, metadata),
 * table.h (the cells of a table read against a template); import_text.c
 * drives both.  Nothing here calls up into them.
 */
#ifndef XXGK_IMPORT_BASE_H
#define XXGK_IMPORT_BASE_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* A cell of a table row whose cells are explicit (a row of an HTML or Word
 * table, spans expanded: document.h): its text ("" for a blank cell) and
 * the columns of the grid it covers, col … col + span - 1. */
typedef struct {
    const char *s;
    int col, span;
} tfield;

/* A non-empty line of the input, trimmed; line and column are those of the
 * first character kept.  A row of a table grid also has its cells (the
 * cells that start in this row, in column order) and the grid's width;
 * s is then the cells joined by " | ", for what reads lines as text. */
typedef struct {
    const char *s;
    int line, col;
    const tfield *fields; /* NULL: a line of text ('|' and tabs separate its cells) */
    int n_fields, width;
} tline;

/* The lines of one section, between its heading and the next found. */
typedef struct {
    const tline *lines;
    size_t n;
    int found; /* the section heading was found */
} region;

/* How a text ends inside a table: not at all, after a whole line (the
 * input ends with a line break), or perhaps in the middle of a line (the
 * last line may be cut short: its last value is not trusted). */
enum { CUT_NONE = 0, CUT_AT_LINE_END = 1, CUT_IN_LINE = 2 };

/* Spaces of every width (ASCII, no-break, en…, ideographic, a BOM). */
int import_is_space(uint32_t cp);
int import_is_digit(uint32_t cp);
/* 一 … 十 → 1 … 10, 0 for anything else. */
int import_cn_numeral(uint32_t cp);
/* A digit or one of 一 … 十. */
int import_is_numeral(uint32_t cp);

/* Cost of reading a text label as a statutory label (lower is closer);
 * LABEL_FAR when they are not the same label. */
#define LABEL_FAR 1000000

/* A label of the text in comparable form: width normalised (full-width
 * ASCII → ASCII), spaces removed.  Allocated in a. */
char *import_norm(arena *a, const char *s);
/* Cost of reading normalised text t as normalised label l. */
int import_label_cost(const char *t, const char *l);
/* Numbers of code points. */
int import_cp_len(const char *s);
/* Length in bytes of a leading numbering of normalised s: "三、", "(三)",
 * "3.", "3、"; 0 if none. */
size_t import_numbering_len(const char *s);

#endif
