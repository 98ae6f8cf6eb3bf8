/* render.c — the render driver: a checked report laid out (layout/) and
 * drawn by the backend asked for (backend/), the PDF, the PNG previews and
 * the layout dump each made in memory and written atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "base/files.h"
#include "layout/layout.h"
#include "xxgk_render.h"

/* What the backend cannot do, or a document it cannot write (a face that
 * is not TrueType, a character above U+FFFF…), and seal images that do
 * not decode: errors before anything is written (1). */
static int refuse(const backend *be, const dl_document *doc, const xxgk_render_options *o,
                  const xxgk_report *r, const char *out_path, xxgk_diags *d)
{
    unsigned caps = be->info.caps;
    if ((o->owner_password && !(caps & XXGK_BACKEND_ENCRYPT)) ||
        (o->attach_source && !(caps & XXGK_BACKEND_ATTACH))) {
        report_diag(d, r, XXGK_ERROR, "H02", NULL, "%s：%s 后端不能%s", out_path, be->info.name,
                    o->owner_password ? "加密" : "附加源文件");
        return 1;
    }
    char *why = NULL;
    if (be->check && be->check(doc, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "H01", NULL, "%s：%s", out_path, why ? why : "?");
        free(why);
        return 1;
    }
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].n_items; i++) {
            const dl_item *it = &doc->pages[p].items[i];
            if (it->kind == DL_IMAGE && image_decodes(it->u.image.path, &why) != 0) {
                report_diag(d, r, XXGK_ERROR, "S09",
                            &(diag_where){.place = "印章", .path = "/seal"},
                            "印章图片 %s 无法解码：%s", it->u.image.path, why ? why : "?");
                free(why);
                return 1;
            }
        }
    return 0;
}

/* The PDF file: 0, 1 refused (nothing written), -1 a write failure. */
static int write_pdf_file(const backend *be, const dl_document *doc, const xxgk_render_options *o,
                          const xxgk_report *r, const char *out_path, xxgk_diags *d)
{
    int rc = refuse(be, doc, o, r, out_path, d);
    if (rc)
        return rc;
    backend_options bo = {o->owner_password, NULL, 0};
    if (o->attach_source)
        bo.source = xxgk_report_source(r, &bo.source_len);
    strbuf pdf = {0};
    char *why = NULL;
    if (be->write_pdf(doc, &bo, &pdf, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W01", NULL, "%s：生成 PDF 失败：%s", out_path,
                    why ? why : "?");
        rc = -1;
    } else if (write_file_atomic(out_path, pdf.s, pdf.len, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", out_path, why ? why : "?");
        rc = -1;
    }
    free(why);
    sb_free(&pdf);
    return rc;
}

/* The PNG previews and the layout dump, after the PDF: 0 or -1. */
static int write_extras(const dl_document *doc, const char *dump, const xxgk_render_options *o,
                        const xxgk_report *r, xxgk_diags *d)
{
    char *why = NULL;
    int rc = 0;
    const backend *raster = backend_for_png();
    if (o->png_prefix && raster &&
        raster->write_png(doc, o->png_prefix, o->png_dpi > 0 ? o->png_dpi : 96, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W02", NULL, "写入 PNG 失败：%s", why ? why : o->png_prefix);
        rc = -1;
    } else if (o->layout_dump && dump &&
               write_file_atomic(o->layout_dump, dump, strlen(dump), &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W03", NULL, "%s：无法写入版面数据：%s", o->layout_dump,
                    why ? why : "?");
        rc = -1;
    }
    free(why);
    return rc;
}

int xxgk_render_pdf(const xxgk_report *r, const xxgk_render_options *o, const char *out_path,
                    xxgk_diags *d)
{
    xxgk_render_options none = {0};
    if (!o)
        o = &none;
    const backend *be = backend_named(o->backend);
    if (!be) {
        report_diag(d, r, XXGK_ERROR, "H02", NULL, "没有名为 %s 的后端", o->backend);
        return 1;
    }
    page_style ps;
    if (page_style_load(&ps, d) != 0)
        return 1;
    xxgk_fonts *fonts = o->fonts ? o->fonts : xxgk_fonts_for_backend(be->info.name, 0, d);
    if (!fonts)
        return 1;
    int rc = xxgk_fonts_complete(fonts) ? 0 : 1;
    layout_options lo = {o->draft, o->layout_dump != NULL};
    char *dump = NULL;
    dl_document *doc = rc ? NULL : layout_report(r, fonts, &ps, &lo, d, &dump);
    if (!doc)
        rc = 1;
    if (rc == 0 && out_path)
        rc = write_pdf_file(be, doc, o, r, out_path, d);
    if (rc == 0)
        rc = write_extras(doc, dump, o, r, d);
    if (rc == 0 && o->pages)
        *o->pages = (int)doc->n_pages;
    free(dump);
    dl_free(doc);
    if (!o->fonts)
        xxgk_fonts_free(fonts);
    return rc;
}
