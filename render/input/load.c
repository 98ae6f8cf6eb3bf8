/* load.c — a report from a file of any form xxgk reads, the reader chosen
 * in this one place: "-" is JSON on standard input (or a web page, when
 * what comes is HTML); .txt the text of a published page, .html/.htm the
 * page itself, .docx the Word file (each imported); .doc and .wps are
 * refused (save as .docx); .pdf the source a PDF made by xxgk carries;
 * anything else JSON.  The report keeps the canonical JSON it was read
 * from (the source a rendered PDF attaches). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "input/input.h"
#include "input/pdf_source.h"
#include "xxgk_import.h"

/* The largest seal image accepted, in pixels a side: a 42 mm seal at
 * 1200 dpi is 1984 pixels; a larger one only costs memory (a 20000-pixel
 * square decodes to 1.6 GB). */
#define MAX_SEAL_PIXELS 4000

/* The seal is named relative to the report, inside its folder: an absolute
 * path or one that climbs out with ".." is refused (a report from
 * elsewhere must not make xxgk read, and print, any file it likes). */
static int seal_path_inside(const char *seal)
{
    if (seal[0] == '/')
        return 0;
    for (const char *p = seal; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n + (slash ? 1 : 0);
    }
    return 1;
}

/* The seal must be a PNG (with transparency, so the text shows through
 * the red) that can be read now, not when the PDF is half written: read
 * once, whole, here (the layout and the backends use these bytes, never
 * the file again); the signature and the IHDR's size checked here, the
 * renderer decodes it whole before it writes anything. */
static void read_seal(xxgk_report *r, const char *given, xxgk_diags *d)
{
    if (!r->seal)
        return;
    if (!seal_path_inside(given)) {
        report_diag(d, r, XXGK_ERROR, "S09",
                    &(diag_where){.place = "印章",
                                  .path = "/seal",
                                  .expected = "报告所在文件夹中的相对路径",
                                  .actual = given},
                    "印章图片应放在报告所在的文件夹（或其子文件夹）中，用相对路径指明");
        r->seal = NULL;
        return;
    }
    char *why = NULL;
    size_t n = 0;
    unsigned char *h = (unsigned char *)read_file_limited(r->seal, &n, &why);
    if (!h) {
        report_diag(d, r, XXGK_ERROR, "S09",
                    &(diag_where){.place = "印章", .path = "/seal", .actual = r->seal},
                    "无法读取印章图片：%s", why ? why : "?");
        free(why);
        return;
    }
    r->seal_data = h;
    r->seal_len = n;
    if (n < 24 || memcmp(h, "\x89PNG\r\n\x1a\n", 8) || memcmp(h + 12, "IHDR", 4)) {
        report_diag(
            d, r, XXGK_ERROR, "S09",
            &(diag_where){
                .place = "印章", .path = "/seal", .expected = "PNG 图片", .actual = r->seal},
            "印章应为 PNG 图片（透明背景）");
        return;
    }
    unsigned long w = (unsigned long)h[16] << 24 | (unsigned long)h[17] << 16 | h[18] << 8 | h[19];
    unsigned long ht = (unsigned long)h[20] << 24 | (unsigned long)h[21] << 16 | h[22] << 8 | h[23];
    if (w == 0 || ht == 0 || w > MAX_SEAL_PIXELS || ht > MAX_SEAL_PIXELS) {
        char expected[64], actual[64];
        snprintf(expected, sizeof expected, "1–%d 像素见方", MAX_SEAL_PIXELS);
        snprintf(actual, sizeof actual, "%lu × %lu 像素", w, ht);
        report_diag(
            d, r, XXGK_ERROR, "S09",
            &(diag_where){.place = "印章", .path = "/seal", .expected = expected, .actual = actual},
            "印章图片 %s 的尺寸不合用（42 毫米的印章 600 dpi 约 1000 像素）", r->seal);
    }
}

/* J01: the file cannot be read. */
static char *read_input(const char *path, size_t *len, xxgk_diags *d)
{
    char *why = NULL;
    char *text = !strcmp(path, "-") ? read_stream_limited(stdin, len, &why)
                                    : read_file_limited(path, len, &why);
    if (!text)
        diag_add(d, XXGK_ERROR, "J01", NULL, "%s", why ? why : "无法读取");
    free(why);
    return text;
}

/* A seal named relative to the report file is found beside it. */
static void place_seal(xxgk_report *r, const char *path)
{
    if (r->seal && r->seal[0] != '/' && strchr(path, '/'))
        r->seal = arena_printf(&r->mem, "%.*s/%s", (int)(strrchr(path, '/') - path), path, r->seal);
}

xxgk_report *xxgk_report_load(const char *path, xxgk_diags *d)
{
    size_t len = 0;
    char *text = read_input(path, &len, d);
    if (!text)
        return NULL;
    xxgk_report *r = xxgk_report_from_json(text, len, d);
    free(text);
    if (r) {
        const char *given = r->seal;
        place_seal(r, path);
        read_seal(r, given, d);
    }
    return r;
}

int xxgk_import_file_with(const char *path, const xxgk_import_options *opt, xxgk_diags *d,
                          char **json, int *complete)
{
    *json = NULL;
    *complete = 0;
    const char *refused = NULL;
    xxgk_import_options o = opt ? *opt : (xxgk_import_options){0};
    xxgk_import_kind by_name = xxgk_import_kind_of_path(path, &refused);
    if (refused) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "%s", refused);
        return -1;
    }
    if (o.kind == XXGK_IMPORT_AUTO)
        o.kind = by_name;
    size_t len = 0;
    char *text = read_input(path, &len, d);
    if (!text)
        return -1;
    *json = xxgk_import_bytes(text, len, &o, path, d, complete);
    free(text);
    return 0;
}

/* A published page, imported; the JSON reader's positions would be lines
 * of the generated JSON, not of the text: its diagnostics keep their JSON
 * pointer only. */
int xxgk_import_file(const char *path, xxgk_diags *d, char **json, int *complete)
{
    return xxgk_import_file_with(path, NULL, d, json, complete);
}

static xxgk_report *report_of_import(char *json, xxgk_diags *d)
{
    xxgk_diags *jd = xxgk_diags_new();
    xxgk_report *r = xxgk_report_from_json(json, strlen(json), jd);
    free(json);
    diag_append(d, jd, 1);
    xxgk_diags_free(jd);
    if (r) {
        srcmap_free(r->pos);
        r->pos = NULL;
    }
    return r;
}

static xxgk_report *load_text(const char *path, xxgk_diags *d)
{
    int complete = 0;
    char *json = NULL;
    if (xxgk_import_file(path, d, &json, &complete) != 0 || !json)
        return NULL;
    return report_of_import(json, d);
}

/* Standard input: JSON, or a web page imported. */
static xxgk_report *load_stdin(xxgk_diags *d)
{
    size_t len = 0;
    char *text = read_input("-", &len, d);
    if (!text)
        return NULL;
    xxgk_report *r = NULL;
    if (xxgk_import_looks_like_html(text, len)) {
        int complete = 0;
        xxgk_import_options o = {.kind = XXGK_IMPORT_HTML};
        char *json = xxgk_import_bytes(text, len, &o, "-", d, &complete);
        r = json ? report_of_import(json, d) : NULL;
    } else {
        r = xxgk_report_from_json(text, len, d);
        if (r)
            read_seal(r, r->seal, d);
    }
    free(text);
    return r;
}

/* The source a PDF made by xxgk render carries. */
static xxgk_report *load_pdf(const char *path, xxgk_diags *d)
{
    char *data = NULL, *why = NULL;
    size_t size = 0;
    int k = pdf_attachment(path, NULL, &data, &size, &why);
    xxgk_report *r = NULL;
    if (k == 0)
        r = xxgk_report_from_json(data, size, d);
    else if (k > 0)
        diag_add(d, XXGK_ERROR, "J01", NULL,
                 "这份 PDF 没有附带源数据（xxgk render 生成的 PDF 都带有，除非用了 "
                 "--no-attach-source）");
    else
        diag_add(d, XXGK_ERROR, "J01", NULL, "%s", why ? why : "无法读取 PDF");
    free(data);
    free(why);
    return r;
}

xxgk_report *xxgk_report_load_any(const char *path, xxgk_diags *d)
{
    const char *refused = NULL;
    if (!strcmp(path, "-"))
        return load_stdin(d);
    if (xxgk_import_kind_of_path(path, &refused) != XXGK_IMPORT_AUTO || refused)
        return load_text(path, d);
    if (strcmp(path, "-") && str_ends_with_nocase(path, ".pdf"))
        return load_pdf(path, d);
    return xxgk_report_load(path, d);
}

const char *xxgk_report_source(const xxgk_report *r, size_t *len)
{
    *len = r->source_len;
    return r->source;
}
