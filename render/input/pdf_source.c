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
#include <sys/stat.h>
#include <unistd.h>

#include "backend/backend.h"
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

/* The bytes decoded are those the PDF says it holds: its /Size and, where
 * given, its MD5 /CheckSum (a damaged stream decodes to nothing, or to
 * less, without poppler saying so). */
static int intact(PopplerAttachment *a, const strbuf *out)
{
    if (a->size && out->len != a->size)
        return 0;
    if (!a->size && !out->len)
        return 0;
    if (a->checksum && a->checksum->len == 16) {
        guint8 md5[16];
        gsize n = sizeof md5;
        GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
        g_checksum_update(sum, (const guchar *)(out->s ? out->s : ""), out->len);
        g_checksum_get_digest(sum, md5, &n);
        g_checksum_free(sum);
        if (memcmp(md5, a->checksum->str, 16) != 0)
            return 0;
    }
    return 1;
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
    /* read by xxgk, not by GLib: a regular file of a sensible size only
     * (a FIFO would hang, a 1 GB file would be read whole) */
    size_t len = 0;
    char *read_why = NULL;
    char *contents = read_file_max(pdf_path, XXGK_MAX_PDF_BYTES, &len, &read_why);
    GError *gerr = NULL;
    strbuf msg = {0};
    if (!contents) {
        sb_printf(&msg, "%s：%s", pdf_path, read_why ? read_why : "无法读取");
        free(read_why);
        *why = sb_take(&msg);
        return -1;
    }
    GBytes *bytes = g_bytes_new_with_free_func(contents, len, free, contents);
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
            if (poppler.save_to_callback(a, collect, &out, &gerr) && intact(a, &out)) {
                *size = out.len;
                *data = sb_take(&out);
                rc = 0;
            } else if (!gerr) {
                sb_printf(&msg, "%s：附件 %s 已损坏（长度或校验和与 PDF 中记录的不符）", pdf_path,
                          name);
                sb_free(&out);
                rc = -1;
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
                      "%s：没有附件（xxgk render 输出的 PDF 都带有源数据，除非用了 "
                      "--no-attach-source）",
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

/* The seal a source names, to be written beside the JSON: only a plain
 * file name (no folder, not hidden, ending .png, not the JSON itself), and
 * only a real PNG.  0 with *name set (NULL: the source names none), or 1
 * after an error in d. */
static int seal_name(const char *json, size_t size, const char *out, const char **name,
                     json_t **root, xxgk_diags *d)
{
    *root = json_loadb(json, size, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(*root) || !utf8_valid(json, size)) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "附件 %s 不是 JSON 格式的报告：未写入任何文件",
                 XXGK_SOURCE_NAME);
        return 2;
    }
    const char *seal = json_string_value(json_object_get(*root, "seal"));
    *name = NULL;
    if (!seal || !*seal)
        return 0;
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    int plain = !strchr(seal, '/') && !strchr(seal, '\\') && seal[0] != '.' &&
                str_ends_with_nocase(seal, ".png") && strlen(seal) < 256;
    for (const char *c = seal; plain && *c; c++)
        plain = (unsigned char)*c >= 0x20 && *c != 0x7f;
    if (!plain || !strcmp(seal, base)) {
        diag_add(d, XXGK_ERROR, "X01", NULL,
                 "报告指定的印章 %s 不是一个 .png 文件名（不带文件夹，不以 . 开头，不与 %s "
                 "同名）：未写入任何文件（可用 --name %s -o 文件 单独取出印章）",
                 seal, base, XXGK_SEAL_NAME);
        return 1;
    }
    *name = seal;
    return 0;
}

/* The seal's bytes from the PDF, and the path beside out_path where they
 * go; decided before anything is written: a missing or damaged
 * attachment, something that is not a PNG, or a different file already
 * there, and nothing is (1, 2).  *path NULL: nothing to write (none
 * named, or the same bytes already there). */
static int plan_seal(const char *pdf, const char *out, const char *seal, char **path, char **data,
                     size_t *size, xxgk_diags *d)
{
    char *why = NULL;
    *path = NULL;
    *data = NULL;
    if (!seal)
        return 0;
    int k = pdf_attachment(pdf, XXGK_SEAL_NAME, data, size, &why);
    if (k != 0) {
        diag_add(d, XXGK_ERROR, "S09", NULL,
                 "报告指定了印章 %s，但 PDF 中没有完好的印章图片：%s；未写入任何文件", seal,
                 why ? why : "?");
        free(why);
        return k > 0 ? 1 : 2;
    }
    if (*size < 8 || memcmp(*data, "\x89PNG\r\n\x1a\n", 8) ||
        image_decodes((const unsigned char *)*data, *size, &why) != 0) {
        diag_add(d, XXGK_ERROR, "S09", NULL,
                 "PDF 附带的印章不是完好的 PNG 图片%s%s：未写入任何文件", why ? "：" : "",
                 why ? why : "");
        free(why);
        return 2;
    }
    const char *slash = strrchr(out, '/');
    strbuf p = {0};
    if (slash)
        sb_addn(&p, out, (size_t)(slash - out + 1));
    sb_add(&p, seal);
    *path = sb_take(&p);
    struct stat st;
    if (lstat(*path, &st) != 0)
        return 0;
    size_t have_len = 0;
    char *have = S_ISREG(st.st_mode) ? read_file_limited(*path, &have_len, NULL) : NULL;
    int same = have && have_len == *size && !memcmp(have, *data, *size);
    free(have);
    if (same) {
        free(*path); /* already there, the same bytes */
        *path = NULL;
        return 0;
    }
    diag_add(d, XXGK_ERROR, "X01", NULL, "%s 已存在且与 PDF 附带的印章不同：未覆盖，也未写入 %s",
             *path, out);
    return 1;
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
    char *seal_path = NULL, *seal = NULL;
    size_t seal_size = 0;
    json_t *root = NULL;
    int rc = 0;
    if (!name || !strcmp(name, XXGK_SOURCE_NAME)) {
        const char *seal_file = NULL;
        rc = seal_name(data, size, out_path, &seal_file, &root, d);
        if (rc == 0)
            rc = plan_seal(pdf_path, out_path, seal_file, &seal_path, &seal, &seal_size, d);
    }
    if (rc == 0 && write_file_atomic(out_path, data, size, &why) != 0) {
        diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", out_path, why ? why : "?");
        rc = 2;
    }
    if (rc == 0 && seal_path && write_file_atomic(seal_path, seal, seal_size, &why) != 0) {
        diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入印章图片：%s", seal_path,
                 why ? why : "?");
        rc = 2;
    }
    json_decref(root);
    free(why);
    free(seal_path);
    free(seal);
    free(data);
    return rc;
}
