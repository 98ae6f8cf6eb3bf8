/* table.h — what the table side of the import gives the driver
 * (import_text.c): a reading of one statutory table from the lines of its
 * section against one template (table_read.c).  The driver reads the
 * tables with every template and keeps the reading that fits best, so a
 * reading holds its diagnostics until it is emitted.  The parts that make
 * a reading share table_parts.h.
 */
#ifndef XXGK_IMPORT_TABLE_H
#define XXGK_IMPORT_TABLE_H

#include <jansson.h>

#include "import/import.h"

/* The result of reading one table with one template. */
typedef struct table_read table_read;

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

/* ---- format_choice.c ---- */

struct importer;

/* The format the tables are read with. */
typedef struct {
    const xxgk_template *req; /* the one the year requires; NULL without a year */
    const xxgk_template *tpl;
    size_t best_f[2]; /* the format of 二 and of 三 (template_at index) */
    int mixed;        /* each of them prints another format's own labels (C12) */
    int undecided;    /* no label and no year says (I15): 二 is not read */
} format_choice;

/* Decide the format from the labels of 二 and 三 (rg[0], rg[1]), the year
 * (0: none) breaking a tie; C11, C12, I15 reported. */
void choose_format(struct importer *im, const region rg[2], int year, format_choice *fc);

#endif
