/* model.h — the report model and the statutory template it is read
 * against.  Internal to libxxgk: layout and the checks read these structs
 * directly; programs outside the library use xxgk.h.
 *
 * A template (layouts/format-*.json) describes the six sections and the
 * three tables.  Each table is a list of blocks (table 二 has four or five,
 * tables 三 and 四 one each); a block has a tree of row labels and a tree of
 * column labels.  Leaves of both trees index the value cells.  Spans are
 * derived from the trees: a leaf at depth d in a tree of depth D spans
 * D - d + 1 header rows (columns) or stub columns (rows), a group spans its
 * leaves.
 */
#ifndef XXGK_MODEL_H
#define XXGK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"
#include "base/diag.h"
#include "base/srcmap.h"
#include "xxgk.h"

/* Every cell value is fixed point in units of 1/10000, so that counts and
 * amounts of money (at most four decimals) add up exactly. */
#define XXGK_SCALE 10000
/* The longest paragraph read (characters): some thirty pages; a real
 * paragraph of a report is under two thousand. */
#define XXGK_MAX_PARAGRAPH_CHARS 20000
/* Largest value a cell may hold (nine digits, what the tables print). */
#define XXGK_MAX_VALUE ((int64_t)999999999 * XXGK_SCALE)

typedef enum { VT_COUNT, VT_DELTA, VT_AMOUNT } value_type;

typedef struct hnode hnode;
struct hnode {
    const char *key;   /* JSON key; NULL when the node adds no nesting level */
    const char *label; /* statutory label, verbatim */
    hnode **children;
    size_t n_children;
    hnode *parent;  /* NULL for the (virtual) root */
    int depth;      /* 0 for the root, 1 for top-level nodes */
    int first_leaf; /* leaves covered: first_leaf .. first_leaf+n_leaves-1 */
    int n_leaves;
    int leaf;        /* index among the leaves; -1 for a group */
    value_type type; /* columns: the value type of the column */
    /* A total: this node equals the sum of the leaves of parts. */
    hnode **parts;
    size_t n_parts;
    const char *rule; /* rule id of the total (C02, C03, C04) */
    const char *note; /* said wherever the column holds a figure (U01) */
};

/* Σ left = Σ right, for every leaf column (or row) of the block: C01. */
typedef struct {
    const char *id;
    const char *message;
    int for_each_column; /* 1: the nodes are rows; 0: they are columns */
    hnode **left, **right;
    size_t n_left, n_right;
} equation;

/* One relation among the cells of a block, on one line of the other axis:
 * Σ left = Σ right, cells numbered row * n_cols + col.  A total (C02, C03,
 * C04): left is the total cell, right its parts; an equation (C01): both
 * sides sums.  Made once per template (template_parse), in the order they
 * are checked, computed and solved: the column totals (each total column,
 * every row), the row totals (each total row, every column), the
 * equations (each, every line). */
typedef struct {
    const char *rule;
    const hnode *total;     /* a total: its row or column node; NULL for an equation */
    const equation *eq;     /* an equation; NULL for a total */
    const hnode *row, *col; /* what a diagnostic names: the total's cell; for an
                               equation the right side's first node on this line */
    int cell;               /* a total: its cell; -1 for an equation */
    int *left, *right;
    int n_left, n_right;
} relation;

struct ttable;

typedef struct tblock {
    const char *key;         /* NULL in a single-block table */
    const char *title;       /* title row of the block (第二十条第（一）项), or NULL */
    const char *stub_header; /* the corner cell (信息内容, the 勾稽 note), or NULL */
    hnode *cols, *rows;      /* virtual roots */
    hnode **col_leaves, **row_leaves;
    int n_cols, n_rows;
    int col_depth, row_depth; /* header rows, stub columns */
    equation *rules;
    size_t n_rules;
    relation *relations;
    size_t n_relations;
    size_t n_totals; /* relations[0 .. n_totals-1] are the totals */
    struct ttable *table;
    int index; /* index among all blocks of the template */
} tblock;

typedef struct ttable {
    const char *key; /* proactive, applications, reviews */
    const struct tsection *section;
    tblock *blocks;
    size_t n_blocks;
} ttable;

typedef struct tsection {
    const char *key;       /* overview, proactive, …, other_matters */
    const char *number;    /* 一 … 六 */
    const char *title;     /* 总体情况 (without the number) */
    const char *heading;   /* 一、总体情况 */
    ttable *table;         /* NULL for a text section */
    const char **keywords; /* words that name it in prose (NULL-terminated) */
} tsection;

/* A reference to a cell or a sum of cells: a row node and a column node
 * (either may be a group, then its leaves are summed). */
typedef struct {
    const tblock *block;
    const hnode *row, *col;
} cellref;

/* A figure the prose may state (C09): keywords that must all occur (each
 * an alternative list), keywords that must not, and the cells it sums. */
typedef struct {
    const char *measure;
    const char ***all; /* NULL-terminated lists of alternatives */
    size_t n_all;
    const char **none; /* NULL-terminated */
    const char **zero; /* phrases that state zero (未收到…); NULL-terminated */
    cellref *cells;
    size_t n_cells;
} narrative_rule;

/* C23: a case of 表四 the prose may say was all upheld ("均获维持"):
 * the words that name it and the cells that must then be 0. */
typedef struct {
    const char **words; /* NULL-terminated */
    cellref *cells;
    size_t n_cells;
} upheld_case;

struct xxgk_template {
    arena mem;
    const char *format; /* "2019", "2021" */
    const char *name;
    const char *basis;            /* 国办公开办函〔2021〕30号 */
    const char **basis_citations; /* ways prose cites it (NULL-terminated): C13 */
    int first_year, last_year;    /* last_year 0: open */
    tsection *sections;
    size_t n_sections;
    ttable *tables;
    size_t n_tables;
    tblock **blocks; /* all blocks, by tblock.index */
    size_t n_blocks;
    narrative_rule *narrative;
    size_t n_narrative;
    const char **upheld_phrases; /* "均获维持", …: C23 */
    const char **upheld_none;    /* "维持在" (a level kept, not a ruling) */
    upheld_case *upheld;
    size_t n_upheld;
    int has_fee_row;
    cellref fee_row; /* 2021 （六）2: C10 */
    int has_carry;
    cellref carry_from, carry_to; /* C07: last year's from = this year's to */
    int has_stock;
    const tblock *stock_block; /* C08 */
    const hnode *stock_col, *added_col, *removed_col;
};

/* Parse a format file (layouts/format-*.json); NULL when it does not
 * describe a consistent format, one line per problem appended to problems. */
xxgk_template *template_parse(const char *file, const char *data, size_t size, strbuf *problems);
/* The relations of a parsed block (template_parse calls it). */
void block_relations(arena *a, tblock *b);
/* The child of n with this key (key-less groups looked through); the node
 * at a path "a/b/c" below n. */
hnode *hnode_find_key(const hnode *n, const char *key, size_t keylen);
hnode *hnode_find_path(hnode *n, const char *path);

/* All formats loaded, in no particular order. */
size_t template_count(void);
/* 1 when the statutory formats are loaded; 0 after an error L01 in d when
 * a layout file of XXGK_LAYOUT_DIR (or the folder itself) is unusable:
 * nothing is read against a half-loaded set of formats. */
int templates_usable(xxgk_diags *d);
const xxgk_template *template_at(size_t i);
/* Resolve "applications/results/withheld/total" against t. */
int template_resolve(const xxgk_template *t, const char *ref, cellref *out);
const tsection *template_section(const xxgk_template *t, const char *key);
/* Chinese name of a table: "三、收到和处理政府信息公开申请情况". */
const char *template_table_heading(const ttable *tt);

/* ---- report --------------------------------------------------------- */

typedef enum {
    CELL_ABSENT = 0, /* not in the input */
    CELL_GIVEN,      /* a number in the input */
    CELL_COMPUTED,   /* a total the input omitted, computed */
    CELL_BLANK,      /* null in the input (C06) */
    CELL_INVALID     /* present but not a usable number (reported) */
} cell_state;

typedef struct {
    int64_t v; /* value × XXGK_SCALE */
    unsigned char state;
} cell;

/* A paragraph of text.  heading only: a heading line; text only: a plain
 * paragraph; both: a run-in heading followed by text. */
typedef struct {
    const char *heading;
    const char *text;
    int level;        /* heading level 2 （一）, 3 1., 4 （1）; 0 none */
    const char *path; /* JSON pointer of the item */
} para;

typedef struct {
    para *items;
    size_t n;
    int present; /* the key was in the input */
} prose;

typedef enum { AGENCY_DEPARTMENT, AGENCY_GOVERNMENT } agency_kind;

struct xxgk_report {
    arena mem;
    const xxgk_template *tpl;
    const char *format_given; /* "format" in the input, or NULL */
    int year;
    const char *agency;
    agency_kind kind;
    int kind_given;
    const char *title;          /* as given, or NULL */
    const char *title_default;  /* computed */
    int date_y, date_m, date_d; /* 0 when absent or invalid */
    const char *date_text;
    const char *notes;        /* 附注, or NULL */
    const char *seal;         /* PNG of the seal (印章), resolved path, or NULL */
    unsigned char *seal_data; /* its bytes, read once (malloc'd), or NULL */
    size_t seal_len;
    prose preface;
    prose *sections; /* by template section index */
    cell **cells;    /* by block index: n_rows × n_cols, row-major */
    srcmap *pos;     /* JSON pointer → line:column of the input */
    char *source;    /* the canonical JSON it was read from (malloc'd), or NULL */
    size_t source_len;
};

static inline cell *report_cell(const xxgk_report *r, const tblock *b, int row, int col)
{
    return &r->cells[b->index][row * b->n_cols + col];
}
/* Sum of the leaves under ref (effective values); *missing set when a
 * leaf has no usable value. */
int64_t report_sum(const xxgk_report *r, const cellref *ref, int *missing);
/* Sum of n cells of block b (numbered row * n_cols + col). */
int64_t report_cells_sum(const xxgk_report *r, const tblock *b, const int *cells, int n,
                         int *missing);
/* Fill absent totals with their sums (in template order). */
void report_compute_totals(xxgk_report *r);
/* JSON pointer of a cell, e.g. /tables/applications/results/total/natural. */
char *report_cell_path(arena *a, const tblock *b, const hnode *row, const hnode *col);
/* Chinese place of a cell: "三、收到和处理政府信息公开申请情况 （七）总计／自然人". */
char *report_cell_place(arena *a, const tblock *b, const hnode *row, const hnode *col);
/* Label path of a node from the outermost label, joined by sep; skips
 * empty labels. */
char *node_label_path(arena *a, const hnode *n, const char *sep);
int xxgk_days_in_month(int y, int m);

/* A diagnostic about report r: w->path (a JSON pointer), when set and no
 * line is given, is also given as the line:column of the input (r may be
 * NULL). */
void report_diag(xxgk_diags *d, const xxgk_report *r, xxgk_severity sev, const char *rule,
                 const diag_where *w, const char *fmt, ...) XXGK_PRINTF(6, 7);

/* Format a fixed-point value as plain decimal (no padding, no separators). */
void format_value(int64_t v, char *buf, size_t size);

/* ---- differences of two versions (diff.c, diff_notice.c) ----------------- */

typedef enum {
    DIFF_FORMAT,       /* the format (template) of the report */
    DIFF_FIELD,        /* a field: the year, the title, the agency, the date, the notes, the seal */
    DIFF_CELL,         /* a table cell (also one only one version has) */
    DIFF_PARA_CHANGED, /* a paragraph's words changed */
    DIFF_PARA_ADDED,
    DIFF_PARA_DELETED,
    DIFF_PARA_SPLIT, /* the same words, its run-in heading set apart otherwise */
} diff_kind;

/* One difference.  Texts are on one line (a line break shown as ↵). */
typedef struct {
    diff_kind kind;
    /* Where, in the statutory labels: a field's name, a cell's section,
     * row and column labels, "SECTION 第N段" (a deleted paragraph: "SECTION
     * 原第N段"). */
    const char *place;
    /* A field or a cell: the values (NULL: none).  A paragraph changed: the
     * differing part with some context, …… where cut; added or deleted:
     * the paragraph (new_text, old_text). */
    const char *old_text, *new_text;
    const char *section;        /* a paragraph's section (前言 or a heading) */
    size_t index, old_index;    /* a paragraph's number, 1-based, in the new and
                                   the old version (0: none there) */
} diff_item;

typedef struct {
    diff_item *items;
    size_t n, cap;
    arena mem; /* the texts */
} diff_list;

/* The differences from one version to another, in the order xxgk_write_diff
 * prints them; free with diff_list_free. */
diff_list *diff_compute(const xxgk_report *from, const xxgk_report *to);
void diff_list_free(diff_list *l);
/* The line xxgk_write_diff prints for x (without its newline). */
void diff_item_line(strbuf *b, const diff_item *x);

/* The 更正说明 of a correction: its title and its paragraphs (the opening,
 * the numbered items, the closing), signed with the agency and the date of
 * the corrected version (xxgk_report_agency, its date).  Free with
 * diff_notice_free. */
typedef struct {
    char *title;
    char **paragraphs;
    size_t n_paragraphs;
    size_t n_differences; /* of diff_compute */
    size_t n_items;       /* numbered items: 0 when nothing is to be corrected */
} diff_notice;
void diff_notice_make(const xxgk_report *from, const xxgk_report *to, diff_notice *out);
void diff_notice_free(diff_notice *n);

/* root as the JSON files xxgk writes (two-space indent, a final newline),
 * malloc'd; root's reference is taken.  real_precision: significant digits
 * of reals, 0 for jansson's default. */
struct json_t;
char *json_text(struct json_t *root, int real_precision);

#endif
