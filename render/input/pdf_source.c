/* pdf_source.c — the source a PDF made by xxgk carries (its attached
 * files), read through poppler-glib, and written back out (xxgk extract).
 *
 * poppler-glib is opened only when a PDF is read: linked into the library,
 * it (with NSS, lcms, openjpeg, libtiff …) added 13 ms of loading to every
 * command, check and render included, for the one command that needs it.
 * The few functions used are looked up once; tests/haru/haru_unit.c checks
 * the pointer types below against poppler.h at compile time. */
#include <dlfcn.h>
#include <glib.h>
#include <jansson.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "input/pdf_source.h"
#include "model/model.h"
#include "xxgk_render.h"

#ifndef XXGK_POPPLER_GLIB_SONAME
#error "XXGK_POPPLER_GLIB_SONAME (e.g. libpoppler-glib.so.8) is set by render/input/CMakeLists.txt"
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

int pdf_attachment(const char *pdf_path, const char *name, char **data, size_t *size, char **why)
{
    *data = NULL;
    *size = 0;
    *why = NULL;
    if (!name)
        name = XXGK_SOURCE_NAME;
    if (poppler_open() != 0) {
        *why = xstrdup(poppler.error);
        return -1;
    }
    gchar *contents = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    strbuf msg = {0};
    if (!g_file_get_contents(pdf_path, &contents, &len, &gerr)) {
        sb_printf(&msg, "%s：无法读取：%s", pdf_path, gerr->message);
        g_error_free(gerr);
        *why = sb_take(&msg);
        return -1;
    }
    GBytes *bytes = g_bytes_new_take(contents, len);
    PopplerDocument *doc = poppler.new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (!doc) {
        sb_printf(&msg, "%s：不是可读的 PDF：%s", pdf_path, gerr ? gerr->message : "?");
        if (gerr)
            g_error_free(gerr);
        *why = sb_take(&msg);
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
            sb_printf(&msg,
                      "%s：没有附件（用 xxgk render --backend haru --attach-source 输出的 PDF "
                      "才带源数据）",
                      pdf_path);
    }
    sb_free(&names);
    g_list_free_full(atts, g_object_unref);
    g_object_unref(doc);
    if (rc != 0)
        *why = sb_take(&msg);
    else
        sb_free(&msg);
    return rc;
}

/* The seal the extracted source names, to be put back where the source
 * says (relative to the JSON written), from the PDF's seal attachment.  A
 * path that would leave the JSON's folder is written beside it under its
 * own name.  Decided before anything is written: an existing different
 * file there, or a missing attachment, and nothing is (1). */
typedef struct {
    char *path; /* NULL: no seal to write */
    char *data;
    size_t size;
    int outside; /* the source's path left the JSON's folder */
} seal_plan;

static int plan_seal(const char *pdf, const char *out, const char *json, size_t size, seal_plan *sp,
                     xxgk_diags *d)
{
    memset(sp, 0, sizeof *sp);
    json_t *root = json_loadb(json, size, 0, NULL);
    const char *seal = json_string_value(json_object_get(root, "seal"));
    int rc = 0;
    char *why = NULL;
    if (!seal || !*seal)
        goto done;
    if (pdf_attachment(pdf, XXGK_SEAL_NAME, &sp->data, &sp->size, &why) != 0) {
        diag_add(d, XXGK_ERROR, "S09", NULL,
                 "报告指定了印章 %s，但 PDF 中没有附带印章图片：%s；未写入任何文件", seal,
                 why ? why : "?");
        rc = 1;
        goto done;
    }
    const char *slash = strrchr(out, '/');
    sp->outside = seal[0] == '/' || strstr(seal, "..") != NULL;
    const char *rel = !sp->outside ? seal : strrchr(seal, '/') ? strrchr(seal, '/') + 1 : seal;
    strbuf path = {0};
    if (slash)
        sb_addn(&path, out, (size_t)(slash - out + 1));
    sb_add(&path, rel);
    sp->path = sb_take(&path);
    size_t have_len = 0;
    char *have = access(sp->path, F_OK) == 0 ? read_file_limited(sp->path, &have_len, NULL) : NULL;
    if (have && (have_len != sp->size || memcmp(have, sp->data, sp->size) != 0)) {
        diag_add(d, XXGK_ERROR, "X01", NULL,
                 "%s 已存在且与 PDF 附带的印章不同：未覆盖，也未写入 %s", sp->path, out);
        rc = 1;
    } else if (have) {
        free(sp->path); /* already there, the same bytes */
        sp->path = NULL;
    }
    free(have);
done:
    free(why);
    json_decref(root);
    return rc;
}

int xxgk_extract(const char *pdf_path, const char *name, const char *out_path, xxgk_diags *d)
{
    char *data = NULL, *why = NULL;
    size_t size = 0;
    int k = pdf_attachment(pdf_path, name, &data, &size, &why);
    if (k != 0) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "%s", why ? why : "?");
        free(why);
        return k > 0 ? 1 : 2;
    }
    seal_plan sp = {0};
    int rc = 0;
    if (!name || !strcmp(name, XXGK_SOURCE_NAME))
        rc = plan_seal(pdf_path, out_path, data, size, &sp, d);
    if (rc == 0 && write_file_atomic(out_path, data, size, &why) != 0) {
        diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", out_path, why ? why : "?");
        rc = 2;
    }
    if (rc == 0 && sp.path) {
        if (write_file_atomic(sp.path, sp.data, sp.size, &why) != 0) {
            diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入印章图片：%s", sp.path,
                     why ? why : "?");
            rc = 2;
        } else if (sp.outside) {
            diag_add(d, XXGK_NOTE, "X02", NULL,
                     "印章图片写在 %s（报告中的路径在 JSON 所在文件夹之外）", sp.path);
        }
    }
    free(why);
    free(sp.path);
    free(sp.data);
    free(data);
    return rc;
}
