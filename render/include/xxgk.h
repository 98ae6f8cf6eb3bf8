/* xxgk.h — public interface of libxxgk.
 *
 * The pipeline: input (JSON or published text) → report model → checks →
 * layout → display list → backends (PDF, PNG).  A program embeds xxgk by
 * loading a report, checking it, and handing it to a renderer; the xxgk
 * command-line program is a thin layer over these calls.
 *
 * Every function that can find a problem in its input takes an xxgk_diags
 * list and appends to it; nothing is printed by the library.
 */
#ifndef XXGK_H
#define XXGK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XXGK_VERSION "0.1.0"

typedef struct xxgk_report xxgk_report;     /* one annual report */
typedef struct xxgk_template xxgk_template; /* one statutory format (2019, 2021) */
typedef struct xxgk_diags xxgk_diags;       /* a list of diagnostics */

/* ---- diagnostics ---------------------------------------------------- */

typedef enum {
    XXGK_ERROR,   /* blocks rendering */
    XXGK_WARNING, /* reported, does not block */
    XXGK_NOTE     /* a repair or remark (import) */
} xxgk_severity;

typedef struct {
    xxgk_severity severity;
    const char *rule;     /* rule id: C01…C19 (statutory), S.. structure, D.. dates */
    const char *place;    /* where, in Chinese statutory labels; may be NULL */
    const char *message;  /* what is wrong, in Chinese */
    const char *expected; /* may be NULL */
    const char *actual;   /* may be NULL */
    const char *path;     /* JSON pointer (RFC 6901) into the input; may be NULL */
    int line, column;     /* 1-based position in the input text; 0 when unknown */
} xxgk_diag;

xxgk_diags *xxgk_diags_new(void);
void xxgk_diags_free(xxgk_diags *d);
size_t xxgk_diags_count(const xxgk_diags *d);
const xxgk_diag *xxgk_diags_get(const xxgk_diags *d, size_t i);
size_t xxgk_diags_errors(const xxgk_diags *d);
size_t xxgk_diags_warnings(const xxgk_diags *d);
/* A diagnostic of the caller's own (a callback of xxgk_batch, say). */
void xxgk_diags_add(xxgk_diags *d, xxgk_severity sev, const char *rule, const char *message);
/* Human-readable lines: "FILE:LINE:COL: error C02: PLACE：MESSAGE（应为 X，实为 Y）[PATH]". */
void xxgk_diags_print(const xxgk_diags *d, const char *input_name, FILE *out);
/* The same as a JSON document (UTF-8, malloc'd; free() it). */
char *xxgk_diags_to_json(const xxgk_diags *d, const char *input_name);

/* ---- templates ------------------------------------------------------ */

/* The built-in formats ("2019", "2021"), read from layouts/ (embedded at
 * build time; the environment variable XXGK_LAYOUT_DIR points to another
 * folder of the same files).  NULL if unknown or unreadable. */
const xxgk_template *xxgk_template_get(const char *format);
/* The formats in order of their first year, then NULL. */
const xxgk_template *xxgk_template_at(size_t i);
/* 1 when the format files are usable; 0 with L01 errors in d saying why
 * (then no format is: nothing is read against half a set of formats). */
int xxgk_templates_usable(xxgk_diags *d);
/* The format a report year requires (≤ 2020: 2019; ≥ 2021: 2021). */
const xxgk_template *xxgk_template_for_year(int year);
const char *xxgk_template_format(const xxgk_template *t);
/* A complete blank report for the format: every cell present and zero.
 * JSON text, malloc'd. */
char *xxgk_template_skeleton(const xxgk_template *t, int year);

/* ---- reading -------------------------------------------------------- */

/* Read a report from JSON text.  Problems of structure and type are added
 * to d and the report is still returned as far as it could be read.
 * Returns NULL only when the text is not a JSON report at all (syntax
 * error, not an object, too large); d then says why. */
xxgk_report *xxgk_report_from_json(const char *text, size_t len, xxgk_diags *d);
/* Read a file (JSON; "-": standard input).  NULL when unreadable; d says
 * why.  A seal named relative to the file is found beside it. */
xxgk_report *xxgk_report_load(const char *path, xxgk_diags *d);
/* Read a report from a file of any form xxgk reads, chosen by its name:
 * "-" JSON on standard input, .txt the text of a published page (imported,
 * see xxgk_import.h), .pdf the source a PDF made with the source attached
 * carries, anything else JSON.  NULL when unreadable; d says why. */
xxgk_report *xxgk_report_load_any(const char *path, xxgk_diags *d);
/* The canonical JSON the report was read from: the bytes of a JSON input,
 * the JSON the import made of a text, the source a PDF carried. */
const char *xxgk_report_source(const xxgk_report *r, size_t *len);
void xxgk_report_free(xxgk_report *r);

const xxgk_template *xxgk_report_template(const xxgk_report *r);
int xxgk_report_year(const xxgk_report *r);
const char *xxgk_report_agency(const xxgk_report *r);
/* The title: as given, or "{agency}{year}年政府信息公开工作年度报告". */
const char *xxgk_report_title(const xxgk_report *r);

/* Write data to path as xxgk writes every output: made whole in memory,
 * then through a temporary file beside it, synced and renamed, so that a
 * reader (or a killed process) never sees half a file; a target that is a
 * folder or a device is refused.  0, or -1 with W01 in d. */
int xxgk_write_file(const char *path, const char *data, size_t len, xxgk_diags *d);

/* ---- checks --------------------------------------------------------- */

/* Font roles of the 公文 house style; the renderer resolves each to a face. */
typedef enum {
    XXGK_ROLE_TITLE,       /* 小标宋 */
    XXGK_ROLE_BODY,        /* 仿宋: body, tables, level-3/4 headings */
    XXGK_ROLE_HEADING1,    /* 黑体: 一、 */
    XXGK_ROLE_HEADING2,    /* 楷体: （一） */
    XXGK_ROLE_PAGE_NUMBER, /* 宋体 */
    XXGK_ROLE_COUNT
} xxgk_font_role;

typedef struct {
    /* Last year's report of the same agency, for C07, C08, C18; may be NULL. */
    const xxgk_report *previous;
    /* Hook for the renderer: returns non-zero when the face of `role` can
     * draw code point cp.  When set, every character of the report is
     * checked against the role it will be set in.  May be NULL. */
    int (*can_draw)(void *ctx, uint32_t cp, xxgk_font_role role);
    void *can_draw_ctx;
    /* The checks before a PDF is made: what the template leaves to fill (the
     * placeholder agency, S08) is an error, not a warning. */
    int for_render;
} xxgk_check_options;

/* Run every check; appends to d.  opts may be NULL. */
void xxgk_check(const xxgk_report *r, const xxgk_check_options *opts, xxgk_diags *d);

/* ---- export --------------------------------------------------------- */

/* Every cell of the three statutory tables, one per line:
 * section<TAB>row path<TAB>column path<TAB>value. */
void xxgk_write_cells(const xxgk_report *r, FILE *out);
/* The same as CSV for a spreadsheet: UTF-8 with its BOM (so that Excel opens
 * the Chinese correctly), a header row 部分,行,列,数值, fields quoted as needed. */
void xxgk_write_cells_csv(const xxgk_report *r, FILE *out);

/* The workbook (.xlsx bytes, malloc'd, *len) a clerk fills in Excel, WPS or
 * LibreOffice: a sheet of the fields and paragraphs, one sheet per table laid
 * out as printed (labels locked, figures unlocked and validated, totals as
 * formulas).  Any form xxgk reads takes it back (cells found by their labels).
 * NULL with W01 in d when it cannot be made. */
char *xxgk_export_xlsx(const xxgk_report *r, size_t *len, xxgk_diags *d);

/* Next year's report started from last year's (JSON text, malloc'd): year
 * + 1 in the format it requires, no date (the clerk's to give), the title
 * rebuilt for the new year, 二、上年结转 set column by column from last's
 * 四、结转下年度继续办理, every other figure 0, the text kept as the draft.
 * NULL with J01 in d when last has no source to start from. */
char *xxgk_next_year_json(const xxgk_report *last, xxgk_diags *d);

/* The report r with its table cells replaced by those of data (len bytes):
 * the lines of xxgk_write_cells or xxgk_write_cells_csv, as saved by a
 * spreadsheet (TSV or CSV; UTF-8 with or without the BOM, or GB18030).
 * JSON text (malloc'd); T05 in d for each line naming no cell; NULL (J01)
 * when the data is not text or r has no source. */
char *xxgk_cells_into_json(const xxgk_report *r, const char *data, size_t len, xxgk_diags *d);
/* The same of the file at path. */
char *xxgk_cells_into_file(const xxgk_report *r, const char *path, xxgk_diags *d);

/* What changed from one version of a report to another (a correction of
 * a published report), one line per difference, in Chinese: the fields,
 * each paragraph added, deleted or changed (quoted around the change),
 * each table cell whose value differs.  Returns the number of
 * differences; 0 when the two would publish the same content. */
size_t xxgk_write_diff(const xxgk_report *from, const xxgk_report *to, FILE *out);
/* The number of those differences. */
size_t xxgk_diff_count(const xxgk_report *from, const xxgk_report *to);

/* The same differences as JSON (malloc'd): {"count": N, "differences":
 * [{"kind": "changed"|"added"|"deleted"|"split", "place", "old", "new",
 * "text"}]} ("split": the same words, the run-in heading set apart
 * otherwise; "text": the line xxgk_write_diff prints). */
char *xxgk_diff_json(const xxgk_report *from, const xxgk_report *to);
/* The 更正说明 of the correction from → to (UTF-8 text, malloc'd): the title,
 * which report of which agency and date, each difference numbered (a cell by
 * its statutory labels, old → new; a paragraph change quoted), the agency and
 * the corrected report's date.  NULL when there is nothing to correct (no
 * difference a reader would see): a notice of no correction is not posted. */
char *xxgk_diff_notice(const xxgk_report *from, const xxgk_report *to);

#ifdef __cplusplus
}
#endif
#endif
