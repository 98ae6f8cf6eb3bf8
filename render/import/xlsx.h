/* xlsx.h — a workbook (.xlsx) read back into a report:
 *   xlsx_grid.c  the OOXML: the sheets in order, each a grid of cells (shared
 *                and inline strings, numbers, whether a formula made them)
 *                with its merged ranges;
 *   xlsx_read.c  the grids → the canonical JSON: the fields and paragraphs
 *                of the text sheet, every table cell found by its labels.
 * The layout they read is the one xxgk export writes (sheet/xlsx_write.c),
 * as a clerk leaves it: sheets moved or renamed, rows inserted. */
#ifndef XXGK_IMPORT_XLSX_H
#define XXGK_IMPORT_XLSX_H

#include <stddef.h>

#include <jansson.h>

#include "xxgk.h"

enum { XC_EMPTY = 0, XC_NUMBER, XC_STRING };

typedef struct {
    char *text;         /* the value as stored (a number's literal), or NULL */
    unsigned char kind; /* XC_* */
    unsigned char formula;
} xcell;

typedef struct {
    int r0, c0, r1, c1;
} xrange;

typedef struct {
    char *name;
    int rows, cols;
    xcell *cells; /* rows × cols */
    int *owner;   /* per cell: the index of the merged range's top-left cell */
} xsheet;

typedef struct {
    xsheet *sheets;
    size_t n;
} xbook;

/* The grids of the workbook data (len bytes): 0, or -1 with J01 in d. */
int xbook_read(const char *data, size_t len, xbook *b, xxgk_diags *d);
void xbook_free(xbook *b);
/* The cell at r, c; NULL outside the grid. */
const xcell *xsheet_at(const xsheet *s, int r, int c);
/* The text a reader sees at r, c: a merged range shows its top-left cell's
 * string everywhere; NULL when there is no string. */
const char *xsheet_label(const xsheet *s, int r, int c);

/* cell is label, spaces and line breaks aside. */
int xlsx_label_is(const char *cell, const char *label);
/* The tables of the workbook into tables (the canonical JSON's "tables")
 * against t (xlsx_tables.c); T01–T03 in d for what is not found. */
void xlsx_read_tables(const xbook *b, const xxgk_template *t, json_t *tables,
                      xxgk_diags *d);

/* The canonical JSON (malloc'd) of the workbook, or NULL (d says why). */
char *xlsx_import(const char *data, size_t len, xxgk_diags *d, int *complete);


/* The labels of the text sheet, written by the export and read here. */
#define XLSX_TEXT_SHEET "报告信息与正文"
#define XLSX_F_FORMAT "格式版本"
#define XLSX_F_YEAR "报告年度"
#define XLSX_F_AGENCY "发文机关"
#define XLSX_F_KIND "机关类别"
#define XLSX_F_TITLE "标题"
#define XLSX_F_DATE "成文日期"
#define XLSX_F_NOTES "附注"
#define XLSX_F_SEAL "印章"
#define XLSX_P_SECTION "部分"
#define XLSX_P_LEVEL "层级"
#define XLSX_P_HEADING "小标题"
#define XLSX_P_TEXT "正文"
#define XLSX_PREFACE "前言"
#define XLSX_KIND_DEPARTMENT "部门"
#define XLSX_KIND_GOVERNMENT "人民政府"

#endif
