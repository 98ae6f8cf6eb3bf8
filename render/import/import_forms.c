/* import_forms.c — the forms a published report comes in, each to its
 * reader: plain text (import_text.c reads its lines), a web page (html.c)
 * and a Word file (docx.c) into a document whose lines the same import
 * reads.  The form is the caller's (xxgk_import_options.kind), the file
 * name's (xxgk_import_kind_of_path), or for AUTO the content's: a zip is
 * a .docx, a page that opens with a tag is HTML, anything else text.  The
 * binary Word and WPS formats are refused: they are to be saved as .docx.
 */
#include <stdlib.h>
#include <string.h>

#include "import/document.h"
#include "import/xlsx.h"
#include "xxgk_import.h"

#define MAX_DOCUMENT_BYTES (16u << 20)

xxgk_import_kind xxgk_import_kind_of_path(const char *path, const char **refused)
{
    if (refused)
        *refused = NULL;
    if (!strcmp(path, "-"))
        return XXGK_IMPORT_AUTO;
    if (str_ends_with_nocase(path, ".txt"))
        return XXGK_IMPORT_TEXT;
    if (str_ends_with_nocase(path, ".html") || str_ends_with_nocase(path, ".htm"))
        return XXGK_IMPORT_HTML;
    if (str_ends_with_nocase(path, ".docx"))
        return XXGK_IMPORT_DOCX;
    if (str_ends_with_nocase(path, ".xlsx"))
        return XXGK_IMPORT_XLSX;
    if (refused && (str_ends_with_nocase(path, ".doc") || str_ends_with_nocase(path, ".wps")))
        *refused = "旧版 Word（.doc）和 WPS（.wps）文件无法读取：请在 Word 或 WPS 中“另存为”.docx "
                   "后再导入";
    return XXGK_IMPORT_AUTO;
}

int xxgk_import_looks_like_html(const char *data, size_t len) { return html_sniff(data, len); }

/* A zip holding a workbook: its part names are stored uncompressed. */
static int names_workbook(const char *data, size_t len)
{
    static const char name[] = "xl/workbook.xml";
    for (size_t i = 0; i + sizeof name - 1 <= len; i++)
        if (data[i] == 'x' && !memcmp(data + i, name, sizeof name - 1))
            return 1;
    return 0;
}

/* The form of data by its first bytes. */
static xxgk_import_kind sniff(const char *data, size_t len)
{
    if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
        return names_workbook(data, len) ? XXGK_IMPORT_XLSX : XXGK_IMPORT_DOCX;
    if (len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return XXGK_IMPORT_DOCX; /* refused there, with the advice */
    if (html_sniff(data, len))
        return XXGK_IMPORT_HTML;
    return XXGK_IMPORT_TEXT;
}

char *xxgk_import_bytes(const char *data, size_t len, const xxgk_import_options *opt,
                        const char *name, xxgk_diags *d, int *complete)
{
    (void)name;
    int dummy;
    if (!complete)
        complete = &dummy;
    *complete = 0;
    xxgk_import_kind kind = opt ? opt->kind : XXGK_IMPORT_AUTO;
    if (kind == XXGK_IMPORT_AUTO)
        kind = sniff(data ? data : "", data ? len : 0);
    if (kind == XXGK_IMPORT_TEXT || !data)
        return import_text_with(data, len, opt, d, complete);
    if (len > MAX_DOCUMENT_BYTES) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "输入过大（%zu 字节，上限 %u 字节），不是一份年度报告",
                 len, MAX_DOCUMENT_BYTES);
        return NULL;
    }
    if (kind == XXGK_IMPORT_XLSX) {
        char *json = xlsx_import(data, len, d, complete);
        return json;
    }
    import_doc doc;
    doc_init(&doc);
    int rc = kind == XXGK_IMPORT_HTML ? html_read(data, len, &doc, d) : docx_read(data, len, &doc, d);
    if (rc != 0) {
        doc_free(&doc);
        return NULL;
    }
    if (doc.truncated)
        diag_add(d, XXGK_WARNING, "I06", NULL, "文档的段落超过 %d 个，其后的内容未读取",
                 DOC_MAX_ITEMS);
    for (size_t i = 0; i < doc.n; i++)
        if (doc.v[i].grid && doc.v[i].grid->truncated)
            diag_add(d, XXGK_WARNING, "I06", &(diag_where){.line = doc.v[i].line},
                     "表格超过 %d 行或 %d 列，超出的部分未读取", DOC_MAX_ROWS, DOC_MAX_COLS);
    size_t n = 0;
    tline *lines = doc_lines(&doc, &n);
    char *json = import_lines(lines, n, CUT_NONE, opt, d, complete);
    doc_free(&doc);
    return json;
}
