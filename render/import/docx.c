/* docx.c — a Word file (.docx, the draft as the office wrote it) into the
 * import's document (document.h).
 *
 * A .docx is a zip (read with libzip from memory) whose word/document.xml
 * holds the body; it is streamed with libxml2's XML reader, which loads no
 * DTD, resolves no external entity and touches no network
 * (XML_PARSE_NONET; never XML_PARSE_NOENT or XML_PARSE_DTDLOAD).
 *   - each w:p outside a table is a paragraph, its w:t runs in order, a
 *     w:br a line break, a w:tab a tab (a cell separator to the import, as
 *     in text copied from a spreadsheet); its number, when Word generates
 *     it (w:numPr), is the text docx_numbering.c makes of numbering.xml;
 *   - each top-level w:tbl is a grid: w:tr rows, w:tc cells with
 *     w:gridSpan (columns) and w:vMerge (a cell continuing the one above),
 *     expanded by document.c into the same grid an HTML table gives, so
 *     one table matcher serves both; a table inside a cell is its text.
 * Hostile files are bounded: the uncompressed size of each part read (a
 * zip bomb stops at the cap, whatever its directory claims), the nesting
 * of tables, the grid (document.c).  A binary .doc or .wps (an OLE
 * compound file) is refused with the advice to save it as .docx.
 */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "import/docx_parts.h"

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/* ---- the body --------------------------------------------------------------- */

typedef struct {
    import_doc *doc;
    docx_numbering *num;
    strbuf para; /* the paragraph (or the cell) being read */
    int para_no; /* paragraphs so far: the "line" of diagnostics */
    int para_line;
    int tbl_depth;
    doc_grid *grid;
    int in_cell, span, merge_continue;
    int num_id, num_level; /* of the paragraph being read; num_id 0 none */
} body_reader;

static int is_w(xmlTextReaderPtr r, const char *name)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
    return ns && !strcmp((const char *)ns, W_NS) &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static int w_val(xmlTextReaderPtr r, int dflt)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val", (const xmlChar *)W_NS);
    int k = v ? atoi((const char *)v) : dflt;
    xmlFree(v);
    return k;
}

static int w_val_is(xmlTextReaderPtr r, const char *s)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val", (const xmlChar *)W_NS);
    int is = v ? !strcmp((const char *)v, s) : 0;
    xmlFree(v);
    return is;
}

static void reset(strbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = 0;
}

/* A paragraph starts: outside a table a new one; in a cell a space. */
static void para_start(body_reader *B)
{
    B->para_no++;
    B->num_id = 0;
    B->num_level = 0;
    if (B->in_cell) {
        if (B->para.len)
            sb_addc(&B->para, ' ');
        return;
    }
    if (B->tbl_depth == 0) {
        reset(&B->para);
        B->para_line = B->para_no;
    }
}

/* Its number, once its properties are read (the first run starts). */
static void para_number(body_reader *B)
{
    if (!B->num_id || !B->num)
        return;
    const char *t = docx_number_text(B->num, B->num_id, B->num_level);
    B->num_id = 0;
    if (t && *t)
        sb_add(&B->para, t);
}

static void para_end(body_reader *B)
{
    para_number(B);
    if (B->tbl_depth == 0 && !B->in_cell) {
        if (B->para.len)
            doc_add_para(B->doc, B->para.s, B->para_line);
        reset(&B->para);
    }
}

static void element_start(body_reader *B, xmlTextReaderPtr r)
{
    if (is_w(r, "p")) {
        para_start(B);
    } else if (is_w(r, "numId")) {
        B->num_id = w_val(r, 0);
    } else if (is_w(r, "ilvl")) {
        B->num_level = w_val(r, 0);
    } else if (is_w(r, "r")) {
        para_number(B);
    } else if (is_w(r, "t")) {
        xmlChar *s = xmlTextReaderReadString(r);
        if (s)
            sb_add(&B->para, (const char *)s);
        xmlFree(s);
    } else if (is_w(r, "tab")) {
        sb_addc(&B->para, B->in_cell || B->tbl_depth ? ' ' : '\t');
    } else if (is_w(r, "br") || is_w(r, "cr")) {
        sb_addc(&B->para, B->in_cell || B->tbl_depth ? ' ' : '\n');
    } else if (is_w(r, "tbl")) {
        if (B->tbl_depth++ == 0) {
            B->grid = doc_add_grid(B->doc, B->para_no + 1);
            reset(&B->para);
        }
    } else if (B->tbl_depth == 1 && is_w(r, "tr")) {
        grid_row(B->grid, B->para_no + 1);
    } else if (B->tbl_depth == 1 && is_w(r, "tc")) {
        B->in_cell = 1;
        B->span = 1;
        B->merge_continue = 0;
        reset(&B->para);
    } else if (B->tbl_depth == 1 && is_w(r, "gridSpan")) {
        B->span = w_val(r, 1);
    } else if (B->tbl_depth == 1 && is_w(r, "vMerge")) {
        B->merge_continue = !w_val_is(r, "restart");
    }
}

static void element_end(body_reader *B, xmlTextReaderPtr r)
{
    if (is_w(r, "p")) {
        para_end(B);
    } else if (is_w(r, "tbl")) {
        if (--B->tbl_depth == 0)
            B->grid = NULL;
        if (B->tbl_depth < 0)
            B->tbl_depth = 0;
    } else if (B->tbl_depth == 1 && is_w(r, "tc") && B->in_cell) {
        if (B->merge_continue)
            grid_merge_down(B->grid, B->span);
        else
            grid_cell(B->doc, B->grid, B->para.s ? B->para.s : "", 1, B->span);
        B->in_cell = 0;
        reset(&B->para);
    }
}

static int read_body(const char *xml, size_t len, body_reader *B, xxgk_diags *d)
{
    xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, "document.xml", "UTF-8",
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!r) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "无法读取 .docx 的正文（word/document.xml）");
        return -1;
    }
    int k;
    while ((k = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            element_start(B, r);
            if (empty)
                element_end(B, r);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            element_end(B, r);
        }
    }
    xmlFreeTextReader(r);
    if (k < 0) {
        diag_add(d, XXGK_ERROR, "J01", NULL,
                 ".docx 的正文（word/document.xml）不是完好的 XML，第 %d 段之后无法读取",
                 B->para_no);
        return B->doc->n ? 0 : -1;
    }
    return 0;
}

int docx_read(const char *data, size_t len, import_doc *doc, xxgk_diags *d)
{
    if (len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
        diag_add(d, XXGK_ERROR, "J01", NULL,
                 "这是旧版 Word（.doc）或 WPS（.wps）的二进制文件，无法读取：请在 Word 或 WPS "
                 "中“另存为”.docx 后再导入");
        return -1;
    }
    zip_t *z = ooxml_open(data, len, ".docx", d);
    if (!z)
        return -1;
    size_t n = 0;
    char *xml = ooxml_part(z, ".docx", "word/document.xml", &n, d);
    if (!xml) {
        if (!xxgk_diags_errors(d))
            diag_add(d, XXGK_ERROR, "J01", NULL, ".docx 中没有正文（word/document.xml）");
        zip_discard(z);
        return -1;
    }
    body_reader B = {.doc = doc};
    B.num = docx_numbering_read(z, d);
    int rc = read_body(xml, n, &B, d);
    free(xml);
    sb_free(&B.para);
    docx_numbering_free(B.num);
    zip_discard(z);
    return rc;
}
