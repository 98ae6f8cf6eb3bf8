/* extract.c — an attached file of a PDF, through poppler-glib. */
#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "backend_haru.h"
#include "extract.h"
#include "util.h"

static gboolean collect(const gchar *buf, gsize count, gpointer data, GError **error)
{
    (void)error;
    sb_addn(data, buf, count);
    return TRUE;
}

int xxgk_extract_attachment(const char *pdf_path, const char *name, char **data, size_t *size,
                            char **err)
{
    *data = NULL;
    *size = 0;
    *err = NULL;
    if (!name)
        name = XXGK_SOURCE_NAME;
    gchar *contents = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    strbuf msg = {0};
    if (!g_file_get_contents(pdf_path, &contents, &len, &gerr)) {
        sb_printf(&msg, "%s：无法读取：%s", pdf_path, gerr->message);
        g_error_free(gerr);
        *err = sb_take(&msg);
        return -1;
    }
    GBytes *bytes = g_bytes_new_take(contents, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (!doc) {
        sb_printf(&msg, "%s：不是可读的 PDF：%s", pdf_path, gerr ? gerr->message : "?");
        if (gerr)
            g_error_free(gerr);
        *err = sb_take(&msg);
        return -1;
    }
    int rc = 1;
    GList *atts = poppler_document_get_attachments(doc);
    strbuf names = {0};
    for (GList *l = atts; l; l = l->next) {
        PopplerAttachment *a = l->data;
        const char *an = poppler_attachment_get_name(a);
        if (rc == 1 && an && !strcmp(an, name)) {
            strbuf out = {0};
            if (poppler_attachment_save_to_callback(a, collect, &out, &gerr)) {
                *size = out.len;
                *data = out.s ? sb_take(&out) : xstrdup("");
                rc = 0;
            } else {
                sb_printf(&msg, "%s：附件 %s 无法读取：%s", pdf_path, name,
                          gerr ? gerr->message : "?");
                if (gerr)
                    g_error_free(gerr);
                gerr = NULL;
                sb_free(&out);
                rc = -1;
            }
        }
        sb_printf(&names, "%s%s", names.len ? "、" : "", an ? an : "?");
    }
    if (rc == 1) {
        if (names.len)
            sb_printf(&msg, "%s：没有名为 %s 的附件（有：%s）", pdf_path, name, names.s);
        else
            sb_printf(&msg, "%s：没有附件（用 xxgk render --backend haru --attach-source 输出的 PDF 才带源数据）",
                      pdf_path);
    }
    sb_free(&names);
    g_list_free_full(atts, g_object_unref);
    g_object_unref(doc);
    if (rc != 0)
        *err = sb_take(&msg);
    else
        sb_free(&msg);
    return rc;
}
