/* form_docx.c — the report as the Word file an office keeps: the body
 * (word/document.xml) written here with the styles of docx_styles.c, the
 * three tables as Word tables whose merged cells (gridSpan, vMerge) are
 * the template's spans (form_grid.c), header rows repeated on each page,
 * the 落款 per GB/T 9704 7.3.5.2, packed by docx_zip.c. */
#include <stdlib.h>
#include <string.h>

#include "output/docx.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
/* the type area's width, twips (156 mm) */
#define TYPE_W 8844

typedef struct {
    strbuf *b;
} docx_writer;

static void run(strbuf *b, const char *style, const char *text)
{
    sb_add(b, "<w:r>");
    if (style)
        sb_printf(b, "<w:rPr><w:rStyle w:val=\"%s\"/></w:rPr>", style);
    sb_add(b, "<w:t xml:space=\"preserve\">");
    sb_add_xml(b, text);
    sb_add(b, "</w:t></w:r>");
}

static void paragraph(strbuf *b, const char *style, const char *ppr, const char *text)
{
    sb_add(b, "<w:p><w:pPr>");
    if (style)
        sb_printf(b, "<w:pStyle w:val=\"%s\"/>", style);
    sb_printf(b, "%s</w:pPr>", ppr ? ppr : "");
    if (text && *text)
        run(b, NULL, text);
    sb_add(b, "</w:p>");
}

static void on_title(void *ctx, const char *title)
{
    docx_writer *w = ctx;
    paragraph(w->b, "Title", NULL, title);
    paragraph(w->b, NULL, NULL, ""); /* the blank line under the title */
}

static void on_section(void *ctx, const tsection *s)
{
    docx_writer *w = ctx;
    paragraph(w->b, "Heading1", NULL, s->heading);
}

static void on_para(void *ctx, const para *p)
{
    docx_writer *w = ctx;
    int level = p->level >= 2 && p->level <= 4 ? p->level : 2;
    int has_h = p->heading && *p->heading, has_t = p->text && *p->text;
    if (has_h && !has_t) {
        paragraph(w->b, level == 2 ? "Heading2" : level == 3 ? "Heading3" : "Heading4", NULL,
                  p->heading);
        return;
    }
    sb_add(w->b, "<w:p>");
    if (has_h)
        run(w->b, level == 2 ? "RunIn2" : level == 3 ? "RunIn3" : NULL, p->heading);
    run(w->b, NULL, p->text);
    sb_add(w->b, "</w:p>");
}

/* Column widths: the stub's columns twice a value column's. */
static void grid_cols(strbuf *b, const form_grid *g, int *w)
{
    int stub = g->n_cols;
    for (int i = 0; i < g->n_cells; i++)
        if (g->cells[i].kind == FC_VALUE && g->cells[i].col < stub)
            stub = g->cells[i].col;
    int units = 2 * stub + (g->n_cols - stub), used = 0;
    sb_add(b, "<w:tblGrid>");
    for (int c = 0; c < g->n_cols; c++) {
        w[c] = c == g->n_cols - 1 ? TYPE_W - used : TYPE_W * (c < stub ? 2 : 1) / units;
        used += w[c];
        sb_printf(b, "<w:gridCol w:w=\"%d\"/>", w[c]);
    }
    sb_add(b, "</w:tblGrid>");
}

static void table_cell(strbuf *b, const form_cell *c, int width, int cont)
{
    sb_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
    if (c->cs > 1)
        sb_printf(b, "<w:gridSpan w:val=\"%d\"/>", c->cs);
    if (c->rs > 1)
        sb_add(b, cont ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>");
    sb_add(b, "<w:vAlign w:val=\"center\"/></w:tcPr>");
    paragraph(b, "TableText", c->centred ? "<w:snapToGrid w:val=\"0\"/>"
                                         : "<w:snapToGrid w:val=\"0\"/><w:jc w:val=\"left\"/>",
              cont ? "" : c->text);
    sb_add(b, "</w:tc>");
}

static void on_table(void *ctx, const ttable *tt, const form_grid *g)
{
    (void)tt;
    docx_writer *w = ctx;
    strbuf *b = w->b;
    int *width = xmalloc((size_t)(g->n_cols + 1) * sizeof *width);
    int *cover = xmalloc((size_t)(g->n_rows * g->n_cols + 1) * sizeof *cover);
    for (int i = 0; i < g->n_rows * g->n_cols; i++)
        cover[i] = -1;
    for (int i = 0; i < g->n_cells; i++)
        for (int r = g->cells[i].row; r < g->cells[i].row + g->cells[i].rs && r < g->n_rows; r++)
            for (int c = g->cells[i].col; c < g->cells[i].col + g->cells[i].cs && c < g->n_cols;
                 c++)
                cover[r * g->n_cols + c] = i;
    sb_add(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"8844\" "
              "w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr>");
    grid_cols(b, g, width);
    for (int r = 0; r < g->n_rows; r++) {
        sb_add(b, "<w:tr><w:trPr><w:cantSplit/>");
        /* Word repeats only a table's first rows: those of a one-block table */
        if (g->n_blocks == 1 && g->head_rows[r])
            sb_add(b, "<w:tblHeader/>");
        sb_add(b, "</w:trPr>");
        for (int c = 0; c < g->n_cols;) {
            int i = cover[r * g->n_cols + c];
            if (i < 0) { /* not in a well-made grid; an empty cell keeps it square */
                sb_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>",
                          width[c]);
                c++;
                continue;
            }
            const form_cell *fc = &g->cells[i];
            int span_w = 0;
            for (int k = fc->col; k < fc->col + fc->cs && k < g->n_cols; k++)
                span_w += width[k];
            table_cell(b, fc, span_w, r != fc->row);
            c = fc->col + fc->cs;
        }
        sb_add(b, "</w:tr>");
    }
    sb_add(b, "</w:tbl>");
    free(cover);
    free(width);
}

static void on_closing(void *ctx, const char *agency, const char *date, const char *notes)
{
    docx_writer *w = ctx;
    paragraph(w->b, NULL, NULL, ""); /* 7.3.5.2: one line under the body */
    /* the agency 右空二字; the date under it, its first character two
     * characters right of the agency's */
    paragraph(w->b, "Signature", "<w:ind w:rightChars=\"200\" w:right=\"640\"/>", agency);
    if (*date)
        paragraph(w->b, "Signature", "<w:ind w:rightChars=\"0\" w:right=\"0\"/>", date);
    if (notes)
        paragraph(w->b, NULL, NULL, notes);
}

int form_docx(const xxgk_report *r, const xxgk_render_options *o, strbuf *out, char **why)
{
    strbuf body = {0}, parts[8] = {{0}};
    sb_add(&body, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                  "<w:document xmlns:w=\"" W_NS "\"><w:body>");
    docx_writer w = {&body};
    form_visitor v = {&w, on_title, on_section, on_para, on_table, on_closing};
    form_walk(r, &v);
    docx_section(&body, o->draft);
    sb_add(&body, "</w:body></w:document>");
    docx_content_types(&parts[0], o->draft);
    docx_package_rels(&parts[1]);
    docx_document_rels(&parts[2], o->draft);
    docx_styles(&parts[3]);
    docx_settings(&parts[4]);
    docx_footer(&parts[5], 1);
    docx_footer(&parts[6], 0);
    docx_draft_header(&parts[7]);
    docx_part list[] = {
        {"[Content_Types].xml", parts[0].s, parts[0].len},
        {"_rels/.rels", parts[1].s, parts[1].len},
        {"word/document.xml", body.s, body.len},
        {"word/_rels/document.xml.rels", parts[2].s, parts[2].len},
        {"word/styles.xml", parts[3].s, parts[3].len},
        {"word/settings.xml", parts[4].s, parts[4].len},
        {"word/footer1.xml", parts[5].s, parts[5].len},
        {"word/footer2.xml", parts[6].s, parts[6].len},
        {"word/header1.xml", parts[7].s, parts[7].len},
    };
    int rc = docx_pack(list, o->draft ? 9 : 8, out, why);
    sb_free(&body);
    for (int i = 0; i < 8; i++)
        sb_free(&parts[i]);
    return rc;
}
