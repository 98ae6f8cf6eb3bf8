/* table_parts.h — shared by the parts that make a reading of one table
 * (table.h is what the driver sees of it):
 *   table_diags.c   the diagnostics of a reading, held until it is chosen;
 *   table_values.c  the text of a table as tokens, and their values;
 *   table_solver.c  rows printed without their blank cells, placed by the
 *                   rules of the table;
 *   table_block.c   one block: its header, its rows aligned with the
 *                   format's, its cells;
 *   table_read.c    a table: its blocks found by their titles; the JSON.
 * Each part uses only those above it in this list, and import.h.
 */
#ifndef XXGK_IMPORT_TABLE_PARTS_H
#define XXGK_IMPORT_TABLE_PARTS_H

#include "import/table.h"

/* What a reading costs for text that does not fit the format. */
#define COST_MISSING_ROW 20
#define COST_EXTRA_ITEM 4

/* A value as the text prints it. */
typedef struct {
    int blank;     /* a blank marker (/ - — 空 无), read as 0 */
    int64_t v;     /* × XXGK_SCALE */
    int sep;       /* had thousands separators */
    int plus;      /* had a + sign */
    int too_big;   /* more than nine digits before the point */
    int too_fine;  /* more than four decimals */
    char unit[16]; /* 万元, 元, 件 … or "" */
} tval;

/* One cell of the text: a label or a value, and where it stands in its
 * row: row is the index of the row of cells it came from (a line of the
 * text or a row of a grid), field … field_end the positions it covers in
 * that row (the columns of a grid, the fields of a '|' row). */
typedef struct {
    const char *raw, *norm;
    int line, col;
    int is_value;
    tval val;
    int row, field, field_end;
} token;

typedef struct {
    token *v;
    size_t n, cap;
    /* per row of cells: how many positions it has; -1 when its positions
     * say nothing (a cell "0 0 0" read as three values) */
    int *row_width;
    size_t n_rows, cap_rows;
} tokens;

/* A diagnostic held until the reading is chosen. */
typedef struct {
    xxgk_severity sev;
    const char *rule;
    int line, col;
    const char *place, *expected, *actual;
    char *msg;
} pdiag;

enum { C_MISSING = 0, C_VALUE, C_COMPUTE };

typedef struct {
    unsigned char state;
    int64_t v;
} icell;

/* The reading of one block. */
typedef struct {
    const tblock *b;
    int found; /* the block title (or the table) was in the text */
    int line;  /* where it starts */
    icell *cells;
} bread;

struct table_read {
    arena mem;
    const ttable *tt;
    tokens ts;     /* the text of the table's section */
    bread *blocks; /* of tt, in its order */
    pdiag *diags;  /* held (table_diags.c) */
    size_t n_diags, cap_diags;
    int cost;       /* how badly the text fits the template */
    int first_line; /* of the section's text, 0 if none */
    int truncated;  /* the input ends in this section: CUT_AT_LINE_END or CUT_IN_LINE */
    int errors;     /* among diags */
};

/* ---- table_diags.c ---- */

/* A diagnostic of the reading, held (errors counted in tr->errors). */
void defer_diag(table_read *tr, xxgk_severity sev, const char *rule, int line, int col,
                const char *place, const char *expected, const char *actual, const char *fmt, ...)
    XXGK_PRINTF(9, 10);
/* The diagnostics held, into d in the order they were made. */
void emit_deferred(const table_read *tr, xxgk_diags *d);
/* What a diagnostic about block b names: its title, or the table's heading. */
const char *block_place(const tblock *b);

/* ---- table_values.c ---- */

/* The cells of the lines of rg as tokens, allocated in a. */
void tokenize(arena *a, const region *rg, tokens *ts);
/* Value of token t in column col; 0 when it cannot be represented. */
int token_value(const token *t, const hnode *col, int64_t *out);
/* The notes on how value v of token t was read (C06, I03, I04). */
void value_notes(table_read *tr, const tblock *b, const hnode *row, const hnode *col,
                 const token *t, int64_t v);

/* ---- table_solver.c ---- */

/* A row printed without its blank cells: the ways its values can be placed. */
typedef struct {
    int row;
    int item;
    int64_t *cand; /* n_cand × n_cols */
    int **pos;     /* positions of the printed values, per candidate */
    int n_cand;
    int chosen;    /* candidate of the first solution, -1 none */
    int ambiguous; /* solutions differ in this row */
} sparse;

/* The placements of the k values vt of sparse row sp[s] that satisfy the
 * rules of its row alone (other sparse rows unknown), into sp[s].
 * val: the block's cells as read; var: per cell its sparse row, -1 known,
 * -2 missing.  Positions are allocated in a. */
void sparse_candidates(arena *a, const tblock *b, int *var, int64_t *val, sparse *sp, int s,
                       const token *const *vt, int k);
/* Search the placements of every sparse row with candidates together:
 * each row's chosen and ambiguous set, *solutions counted.  Returns 1 when
 * the search gave up (too many possibilities).  Changes val and var. */
int sparse_solve(const tblock *b, int64_t *val, int *var, sparse *sp, int n_sp, long *solutions);

/* ---- table_block.c ---- */

/* Read block br from its n_tok tokens tk (tok_base: the index of tk[0] in
 * tr->ts; last_token: the last token of a cut text, or (size_t)-1). */
void read_block(table_read *tr, bread *br, const token *tk, size_t n_tok, size_t tok_base,
                size_t last_token);

#endif
