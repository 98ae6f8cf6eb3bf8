/* pdf_output.c — the PDF file by the backend asked for. */
#include <stdio.h>
#include <stdlib.h>

#include "backend_haru.h"
#include "model.h"
#include "pdf_output.h"

int xxgk_write_pdf_file(const dl_document *doc, const xxgk_render_options *o,
                        const xxgk_report *r, const char *out_path, xxgk_diags *d)
{
    xxgk_render_options none = {0};
    if (!o)
        o = &none;
    if (o->backend != XXGK_BACKEND_HARU && (o->owner_password || o->attach_data)) {
        diag_add(d, r, XXGK_ERROR, "H02", NULL, NULL, NULL, NULL,
                 "%s：%s需要 haru 后端（cairo 1.16 不能加密，也不能附加文件）", out_path,
                 o->owner_password ? "加密" : "附加源文件");
        return 1;
    }
    char *msg = NULL;
    if (o->backend == XXGK_BACKEND_HARU && haru_check(doc, &msg) != 0) {
        diag_add(d, r, XXGK_ERROR, "H01", NULL, NULL, NULL, NULL, "%s：%s", out_path, msg);
        free(msg);
        return 1;
    }
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].n_items; i++) {
            const dl_item *it = &doc->pages[p].items[i];
            const char *why;
            if (it->kind == DL_IMAGE && dl_check_image(it->u.image.path, &why) != 0) {
                diag_add(d, r, XXGK_ERROR, "S09", "印章", "/seal", NULL, NULL,
                         "印章图片 %s 无法解码：%s", it->u.image.path, why);
                return 1;
            }
        }
    strbuf pdf = {0};
    int rc = 0;
    if (o->backend == XXGK_BACKEND_HARU) {
        haru_options ho = {o->owner_password, o->attach_data, o->attach_size, o->attach_name};
        if (dl_write_pdf_haru(doc, &ho, &pdf, &msg) != 0) {
            diag_add(d, r, XXGK_ERROR, "W01", NULL, NULL, NULL, NULL, "%s：生成 PDF 失败：%s",
                     out_path, msg ? msg : "?");
            rc = -1;
        }
        free(msg);
    } else {
        const char *err;
        if (dl_write_pdf(doc, &pdf, &err) != 0) {
            diag_add(d, r, XXGK_ERROR, "W01", NULL, NULL, NULL, NULL, "%s：生成 PDF 失败：%s",
                     out_path, err);
            rc = -1;
        }
    }
    const char *why;
    if (rc == 0 && xxgk_write_file_atomic_why(out_path, pdf.s, pdf.len, &why) != 0) {
        diag_add(d, r, XXGK_ERROR, "W01", NULL, NULL, NULL, NULL, "%s：无法写入：%s", out_path,
                 why ? why : "?");
        rc = -1;
    }
    sb_free(&pdf);
    return rc;
}
