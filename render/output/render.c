/* render.c — the render driver: a checked report laid out (layout/) and
 * drawn by the backend asked for (backend/), the PDF, the PNG previews and
 * the layout dump each made in memory and written atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "base/files.h"
#include "layout/layout.h"
#include "output/output.h"
#include "xxgk_render.h"

/* A document the backend cannot write (a face that is not TrueType, a
 * character above U+FFFF…), and seal images that do not decode: errors
 * before anything is written (1). */
static int refuse(const backend *be, const dl_document *doc, const xxgk_report *r,
                  const char *out_path, xxgk_diags *d)
{
    char *why = NULL;
    if (be->check && be->check(doc, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "H01", NULL, "%s：%s", out_path, why ? why : "?");
        free(why);
        return 1;
    }
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].n_items; i++) {
            const dl_item *it = &doc->pages[p].items[i];
            if (it->kind == DL_IMAGE &&
                image_decodes(it->u.image.data, it->u.image.len, &why) != 0) {
                report_diag(d, r, XXGK_ERROR, "S09",
                            &(diag_where){.place = "印章", .path = "/seal"},
                            "印章图片 %s 无法解码：%s", it->u.image.path, why ? why : "?");
                free(why);
                return 1;
            }
        }
    return 0;
}

/* The PDF in memory: the backend's, then (output/finish.c) the source
 * attached and the encryption.  0, 1 refused, -1 failed (d says why). */
static int make_pdf(const backend *be, const dl_document *doc, const xxgk_render_options *o,
                    const xxgk_report *r, const char *out_path, strbuf *pdf, xxgk_diags *d)
{
    int rc = refuse(be, doc, r, out_path, d);
    if (rc)
        return rc;
    strbuf raw = {0};
    char *why = NULL;
    finish_options fo = {NULL, 0, NULL, 0, o->owner_password};
    if (!o->omit_source) {
        fo.source = xxgk_report_source(r, &fo.source_len);
        fo.seal = r->seal_data;
        fo.seal_len = r->seal_len;
    }
    if (be->write_pdf(doc, &raw, &why) != 0 || pdf_finish(raw.s, raw.len, &fo, pdf, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W01", NULL, "%s：生成 PDF 失败：%s", out_path,
                    why ? why : "?");
        rc = -1;
    }
    free(why);
    sb_free(&raw);
    return rc;
}

/* Writes each page's PNG as "{prefix}-{n}.png", atomically. */
static int png_to_file(void *ctx, size_t page, const char *png, size_t len, char **why)
{
    const char *prefix = ctx;
    size_t n = strlen(prefix) + 40;
    char *name = xmalloc(n);
    snprintf(name, n, "%s-%zu.png", prefix, page + 1);
    char *failed = NULL;
    int rc = write_file_atomic(name, png, len, &failed);
    if (rc != 0)
        why_set(why, "%s：%s", name, failed ? failed : "?");
    free(failed);
    free(name);
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
        raster->write_png(doc, o->png_dpi > 0 ? o->png_dpi : 96, -1, png_to_file,
                          (void *)o->png_prefix, &why) != 0) {
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

/* A paragraph over the limit is not laid out even for a draft: the
 * composer's memory grows with a paragraph's length (the check has already
 * said S04). */
static int too_long(const xxgk_report *r, xxgk_diags *d)
{
    for (size_t i = 0; i <= r->tpl->n_sections; i++) {
        const prose *t = i < r->tpl->n_sections ? &r->sections[i] : &r->preface;
        for (size_t k = 0; t && k < t->n; k++)
            if (t->items[k].text && utf8_length(t->items[k].text) > XXGK_MAX_PARAGRAPH_CHARS) {
                report_diag(d, r, XXGK_ERROR, "S04", &(diag_where){.path = t->items[k].path},
                            "一段文字超过 %d 字，无法排版", XXGK_MAX_PARAGRAPH_CHARS);
                return 1;
            }
    }
    return 0;
}

/* r laid out for the backend o asks for (*be), or the 更正说明 notice (not
 * NULL) signed as r: the document, or NULL (d says why).  *fonts are those
 * it was set with: free them unless they are o->fonts. */
static dl_document *lay_out(const xxgk_report *r, const diff_notice *notice,
                            const xxgk_render_options *o, const backend **be, xxgk_fonts **fonts,
                            char **dump, xxgk_diags *d)
{
    *be = backend_named(o->backend);
    *fonts = NULL;
    if (!*be) {
        report_diag(d, r, XXGK_ERROR, "H02", NULL, "没有名为 %s 的后端", o->backend);
        return NULL;
    }
    page_style ps;
    if ((!notice && too_long(r, d)) || page_style_load(&ps, d) != 0)
        return NULL;
    *fonts = o->fonts ? o->fonts : xxgk_fonts_for_backend((*be)->info.name, 0, d);
    if (!*fonts || !xxgk_fonts_complete(*fonts))
        return NULL;
    layout_options lo = {o->draft, o->layout_dump != NULL};
    return notice ? layout_notice(r, notice, *fonts, &ps, &lo, d, dump)
                  : layout_report(r, *fonts, &ps, &lo, d, dump);
}

/* Lays r out and makes its PDF in pdf (when pdf is not NULL), written to
 * out_path (when not NULL), then the PNG previews and the layout dump: 0, 1
 * cannot be set or refused, -1 a failure (d says why). */
static int render(const xxgk_report *r, const diff_notice *notice, const xxgk_render_options *o,
                  const char *name, const char *out_path, strbuf *pdf, xxgk_diags *d)
{
    xxgk_render_options none = {0};
    if (!o)
        o = &none;
    const backend *be;
    xxgk_fonts *fonts;
    char *dump = NULL;
    dl_document *doc = lay_out(r, notice, o, &be, &fonts, &dump, d);
    int rc = doc ? 0 : 1;
    if (rc == 0 && pdf)
        rc = make_pdf(be, doc, o, r, name, pdf, d);
    char *why = NULL;
    if (rc == 0 && out_path && write_file_atomic(out_path, pdf->s, pdf->len, &why) != 0) {
        report_diag(d, r, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", out_path, why ? why : "?");
        rc = -1;
    }
    free(why);
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

int xxgk_render_pdf(const xxgk_report *r, const xxgk_render_options *o, const char *out_path,
                    xxgk_diags *d)
{
    strbuf pdf = {0};
    int rc = render(r, NULL, o, out_path, out_path, out_path ? &pdf : NULL, d);
    sb_free(&pdf);
    return rc;
}

int xxgk_render_pdf_mem(const xxgk_report *r, const xxgk_render_options *o, const char *name,
                        char **pdf, size_t *len, xxgk_diags *d)
{
    strbuf b = {0};
    int rc = render(r, NULL, o, name, NULL, &b, d);
    *len = b.len;
    *pdf = rc == 0 ? sb_take(&b) : NULL;
    sb_free(&b);
    return rc;
}

int xxgk_render_notice_pdf(const xxgk_report *from, const xxgk_report *to,
                           const xxgk_render_options *o, const char *out_path, xxgk_diags *d)
{
    xxgk_render_options opts = {0};
    if (o)
        opts = *o;
    /* a notice is not a report: no source that `extract` or `diff` would
     * take for the corrected report's */
    opts.omit_source = 1;
    diff_notice n;
    diff_notice_make(from, to, &n);
    if (!n.n_items) {
        diff_notice_free(&n);
        xxgk_diags_add(d, XXGK_ERROR, "N01", "两个版本没有需要更正的内容，不写更正说明");
        return 1;
    }
    strbuf pdf = {0};
    int rc = render(to, &n, &opts, out_path, out_path, &pdf, d);
    sb_free(&pdf);
    diff_notice_free(&n);
    return rc;
}

static int png_to_memory(void *ctx, size_t page, const char *png, size_t len, char **why)
{
    (void)page;
    (void)why;
    sb_addn(ctx, png, len);
    return 0;
}

int xxgk_render_png_mem(const xxgk_report *r, const xxgk_render_options *o, int page, char **png,
                        size_t *len, int *pages, xxgk_diags *d)
{
    xxgk_render_options opts = {0};
    if (o)
        opts = *o;
    opts.layout_dump = NULL;
    o = &opts;
    *png = NULL;
    *len = 0;
    *pages = 0;
    const backend *be, *raster = backend_for_png();
    xxgk_fonts *fonts;
    dl_document *doc = raster ? lay_out(r, NULL, o, &be, &fonts, NULL, d) : NULL;
    if (!doc) {
        if (!o->fonts)
            xxgk_fonts_free(fonts);
        return 1;
    }
    *pages = (int)doc->n_pages;
    int rc = 2;
    if (page >= 1 && (size_t)page <= doc->n_pages) {
        strbuf b = {0};
        char *why = NULL;
        rc = raster->write_png(doc, o->png_dpi > 0 ? o->png_dpi : 96, page - 1, png_to_memory, &b,
                               &why);
        if (rc != 0) {
            report_diag(d, r, XXGK_ERROR, "W02", NULL, "生成 PNG 失败：%s", why ? why : "?");
            rc = -1;
        }
        free(why);
        *len = b.len;
        *png = rc == 0 ? sb_take(&b) : NULL;
        sb_free(&b);
    }
    dl_free(doc);
    if (!o->fonts)
        xxgk_fonts_free(fonts);
    return rc;
}
