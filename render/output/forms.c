/* forms.c — the driver of the forms (xxgk_render_to): the PDF through the
 * render driver, the web page and the Word file through their writers
 * (form_html.c, form_docx.c), each made in memory and written
 * atomically. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/files.h"
#include "output/form.h"

int xxgk_form_of_name(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return -1;
    if (!strcasecmp(dot, ".pdf"))
        return XXGK_FORM_PDF;
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return XXGK_FORM_HTML;
    if (!strcasecmp(dot, ".docx"))
        return XXGK_FORM_DOCX;
    return -1;
}

int xxgk_render_to_mem(const xxgk_report *r, xxgk_form form, const xxgk_render_options *o,
                       const char *name, char **out, size_t *len, xxgk_diags *d)
{
    xxgk_render_options none = {0};
    if (!o)
        o = &none;
    *out = NULL;
    *len = 0;
    if (form == XXGK_FORM_PDF)
        return xxgk_render_pdf_mem(r, o, name, out, len, d);
    if (form != XXGK_FORM_HTML && form != XXGK_FORM_DOCX) {
        report_diag(d, r, XXGK_ERROR, "W04", NULL, "%s：没有这种输出格式（%d）", name, (int)form);
        return -1;
    }
    strbuf b = {0};
    char *why = NULL;
    int rc = form == XXGK_FORM_HTML ? form_html(r, o, o->html_fragment, &b, &why)
                                    : form_docx(r, o, &b, &why);
    if (rc != 0) {
        report_diag(d, r, XXGK_ERROR, "W04", NULL, "%s：生成%s失败：%s", name,
                    form == XXGK_FORM_HTML ? "网页" : " Word 文件", why ? why : "?");
        free(why);
        sb_free(&b);
        return -1;
    }
    *len = b.len;
    *out = sb_take(&b);
    return 0;
}

int xxgk_render_to(const xxgk_report *r, xxgk_form form, const xxgk_render_options *o,
                   const char *out_path, xxgk_diags *d)
{
    if (form == XXGK_FORM_PDF)
        return xxgk_render_pdf(r, o, out_path, d);
    char *data;
    size_t len;
    int rc = xxgk_render_to_mem(r, form, o, out_path, &data, &len, d);
    char *why = NULL;
    if (rc == 0 && write_file_atomic(out_path, data, len, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", out_path, why ? why : "?");
        rc = -1;
    }
    free(why);
    free(data);
    return rc;
}
