/* xxgk_import.h — reading a published report back into data.
 *
 * Years of reports exist only as web pages and Word files.  The import
 * recovers the report (title, agency, year, date, preface, the six
 * sections with their headings and paragraphs, every cell of the three
 * tables) as the canonical JSON input, from the plain text of the page, the
 * page itself (HTML, its tables read as grids) or the .docx the office
 * wrote, reporting every repair and every doubt as a diagnostic.  Nothing
 * is invented: a value not in the document is reported missing and left
 * out of the JSON.
 */
#ifndef XXGK_IMPORT_H
#define XXGK_IMPORT_H

#include <stddef.h>

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The forms a published report comes in. */
typedef enum {
    XXGK_IMPORT_AUTO = 0, /* by the content: HTML when it looks like HTML, a .docx by its zip
                             signature, text otherwise */
    XXGK_IMPORT_TEXT,     /* plain text (UTF-8) */
    XXGK_IMPORT_HTML,     /* a web page (its charset from a BOM or <meta>; GBK/GB18030 converted) */
    XXGK_IMPORT_DOCX,     /* a Word file (OOXML) */
    XXGK_IMPORT_XLSX      /* a workbook (.xlsx) as xxgk export writes it, filled in Excel,
                             WPS or LibreOffice: cells found by their labels */
} xxgk_import_kind;

typedef struct {
    xxgk_import_kind kind;
    /* no date printed: record the statutory deadline of the year (3月31日 for a
     * 人民政府's own report, 1月31日 otherwise) instead of leaving it absent */
    int assume_date;
} xxgk_import_options;

/* The form of a file by its name: .txt text, .html/.htm HTML, .docx Word,
 * .xlsx a workbook;
 * XXGK_IMPORT_AUTO for anything else (and "-").  *refused is set (and a
 * reason given) for the forms xxgk cannot read (.doc, .wps): save as .docx. */
xxgk_import_kind xxgk_import_kind_of_path(const char *path, const char **refused);

/* Whether data looks like a web page (a tag of a page at its start). */
int xxgk_import_looks_like_html(const char *data, size_t len);

/* The report recovered from data (len bytes) of the form opt->kind (opt may
 * be NULL: AUTO, no assumed date), as xxgk_import_text. */
char *xxgk_import_bytes(const char *data, size_t len, const xxgk_import_options *opt,
                        const char *name, xxgk_diags *d, int *complete);

/* The JSON text (UTF-8, malloc'd; free() it) of the report recovered from
 * text (len bytes, UTF-8), or NULL when nothing is recoverable (d says
 * why).  *complete is set to 0 when something is missing (an error in d),
 * 1 otherwise.  name is the input's name for messages; may be NULL. */
char *xxgk_import_text(const char *text, size_t len, const char *name, xxgk_diags *d,
                       int *complete);
/* The same of the file at path ("-": standard input), its form from its
 * name (opt->kind AUTO) or opt->kind: 0 with *json (NULL when nothing is
 * recoverable) and *complete; -1 when the file cannot be read or is of a
 * form refused (.doc, .wps; d says why).  opt may be NULL. */
int xxgk_import_file_with(const char *path, const xxgk_import_options *opt, xxgk_diags *d,
                          char **json, int *complete);
/* xxgk_import_file_with with no options. */
int xxgk_import_file(const char *path, xxgk_diags *d, char **json, int *complete);

#ifdef __cplusplus
}
#endif
#endif
