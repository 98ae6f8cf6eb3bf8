/* import_internal.h — shared between the parts of the text import
 * (import_text.c: document structure, prose, metadata, JSON;
 * import_table.c: table cells read against the templates). */
#ifndef XXGK_IMPORT_INTERNAL_H
#define XXGK_IMPORT_INTERNAL_H

#include <jansson.h>

#include "model/model.h"

/* A non-empty line of the input, trimmed; line and column are those of the
 * first character kept. */
typedef struct {
    const char *s;
    int line, col;
} tline;

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

/* The result of reading the three tables with one template. */
typedef struct table_read table_read;

typedef struct {
    const tline *lines;
    size_t n;
    int found;     /* the section heading was found */
} region;

/* Read table tt from the lines of its section (region).  truncated: the
 * input ends inside this region (no later section).  The result holds
 * the cells and the diagnostics to emit if this reading is chosen. */
table_read *table_read_new(const ttable *tt, const region *rg, int truncated);
/* How badly the text fits the template (labels mismatched, rows missing,
 * text left over). */
int table_read_cost(const table_read *tr);
/* Emit the diagnostics of the reading to d (errors counted into *errors),
 * then the cells into obj (the JSON object of the table). */
void table_read_emit(table_read *tr, xxgk_diags *d, json_t *obj, int *errors);
void table_read_free(table_read *tr);

/* A diagnostic at a line:column of the text (not a JSON pointer). */
void import_diag(xxgk_diags *d, xxgk_severity sev, const char *rule, int line, int col,
                 const char *place, const char *expected, const char *actual, const char *msg);
/* First text line of the table (for diagnostics), 0 if none. */
int table_read_first_line(const table_read *tr);

#endif
