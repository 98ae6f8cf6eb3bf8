/* extract.c — an attached file of a PDF, through poppler-glib.
 *
 * poppler-glib is opened only when a PDF is read: linked into the library,
 * it (with NSS, lcms, openjpeg, libtiff …) added 13 ms of loading to every
 * command, check and render included, for the one command that needs it.
 * The few functions used are looked up once; tests/haru/haru_unit.c checks
 * the pointer types below against poppler.h at compile time. */
#include <dlfcn.h>
#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "backend_haru.h"
#include "extract.h"
#include "util.h"

#ifndef XXGK_POPPLER_GLIB_SONAME
#error "XXGK_POPPLER_GLIB_SONAME (e.g. libpoppler-glib.so.8) is set by render_sources.cmake"
#endif

static struct {
    int tried;
    xxgk_poppler_new_from_bytes_fn new_from_bytes;
    xxgk_poppler_get_attachments_fn get_attachments;
    xxgk_poppler_attachment_get_name_fn attachment_get_name;
    xxgk_poppler_attachment_save_to_callback_fn save_to_callback;
    char *error;
} poppler;

static int poppler_open(void)
{
    if (poppler.tried)
        return poppler.error ? -1 : 0;
    poppler.tried = 1;
    void *h = dlopen(XXGK_POPPLER_GLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (h) {
        /* dlsym returns an object pointer; POSIX guarantees it converts to a
         * function pointer, C does not, hence the memcpy. */
        void *p[4] = {dlsym(h, "poppler_document_new_from_bytes"),
                      dlsym(h, "poppler_document_get_attachments"),
                      dlsym(h, "poppler_attachment_get_name"),
                      dlsym(h, "poppler_attachment_save_to_callback")};
        if (p[0] && p[1] && p[2] && p[3]) {
            memcpy(&poppler.new_from_bytes, &p[0], sizeof p[0]);
            memcpy(&poppler.get_attachments, &p[1], sizeof p[1]);
            memcpy(&poppler.attachment_get_name, &p[2], sizeof p[2]);
            memcpy(&poppler.save_to_callback, &p[3], sizeof p[3]);
            return 0; /* kept open until exit */
        }
    }
    const char *why = dlerror();
    strbuf m = {0};
    sb_printf(&m, "读取 PDF 需要 poppler-glib（%s，Debian 软件包 libpoppler-glib8）：%s",
              XXGK_POPPLER_GLIB_SONAME, why ? why : "缺少函数");
    poppler.error = sb_take(&m);
    if (h)
        dlclose(h);
    return -1;
}

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
    if (poppler_open() != 0) {
        *err = xstrdup(poppler.error);
        return -1;
    }
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
    PopplerDocument *doc = poppler.new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (!doc) {
        sb_printf(&msg, "%s：不是可读的 PDF：%s", pdf_path, gerr ? gerr->message : "?");
        if (gerr)
            g_error_free(gerr);
        *err = sb_take(&msg);
        return -1;
    }
    int rc = 1;
    GList *atts = poppler.get_attachments(doc);
    strbuf names = {0};
    for (GList *l = atts; l; l = l->next) {
        PopplerAttachment *a = l->data;
        const char *an = poppler.attachment_get_name(a);
        if (rc == 1 && an && !strcmp(an, name)) {
            strbuf out = {0};
            if (poppler.save_to_callback(a, collect, &out, &gerr)) {
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
