/* haru_unit.c — the haru backend's refusals on display lists built by
 * hand: a character above U+FFFF (in the text, the title, a bookmark), a
 * face that is not TrueType, a glyph that is not the cmap glyph of its
 * character.  Each is refused with a message naming it, and nothing is
 * written.  Then a good document is written.
 *
 * usage: haru_unit WORKDIR TRUETYPE_FILE CFF_FILE */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <poppler.h>

#include "backend/backend.h"
#include "backend/display_list.h"
#include "input/pdf_source.h"

/* pdf_source.c opens poppler-glib at run time: its pointer types must be
 * those of poppler.h (an incompatible pointer assignment fails to build). */
static xxgk_poppler_new_from_bytes_fn check_new_from_bytes = poppler_document_new_from_bytes;
static xxgk_poppler_get_attachments_fn check_get_attachments = poppler_document_get_attachments;
static xxgk_poppler_attachment_get_name_fn check_get_name = poppler_attachment_get_name;
static xxgk_poppler_attachment_save_to_callback_fn check_save = poppler_attachment_save_to_callback;

static int failures;

static void expect(int ok, const char *what, const char *msg)
{
    printf("%s: %s%s%s\n", ok ? "ok" : "FAIL", what, msg ? " — " : "", msg ? msg : "");
    if (!ok)
        failures++;
}

static uint32_t glyph_of(const char *file, uint32_t cp)
{
    FT_Library lib;
    FT_Face face;
    uint32_t g = 0;
    if (FT_Init_FreeType(&lib) != 0)
        return 0;
    if (FT_New_Face(lib, file, 0, &face) == 0) {
        g = FT_Get_Char_Index(face, cp);
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    return g;
}

/* A one-page document: one run of text (characters cps) in file. */
static dl_document *doc_with(const char *file, const char *text, const uint32_t *cps, size_t n,
                             uint32_t wrong_glyph_at)
{
    dl_document *doc = dl_new();
    int face = dl_face_id(doc, file, 0, "test");
    dl_page *p = dl_add_page(doc, 595.276, 841.89);
    dl_glyph g[16];
    dl_cluster c[16];
    for (size_t i = 0; i < n; i++) {
        g[i].id = glyph_of(file, cps[i]);
        if (i + 1 == wrong_glyph_at)
            g[i].id += 1;
        g[i].x = 80 + 16.0 * (double)i;
        g[i].y = 120;
        char u[4];
        c[i].num_bytes = (int)utf8_encode(cps[i], u);
        c[i].num_glyphs = 1;
    }
    dl_color black = {0, 0, 0};
    dl_add_run(doc, p, face, 16, black, g, n, text, strlen(text), c, n);
    dl_add_outline(doc, "一、总体情况", 0, 80, 100, 1);
    dl_set_meta(doc, &doc->title, "测试");
    dl_set_meta(doc, &doc->creation_date, "2023-01-28T00:00:00+08:00");
    return doc;
}

static void refused(const char *what, dl_document *doc, const char *path, const char *needle)
{
    (void)path;
    char *msg = NULL;
    strbuf pdf = {0};
    int rc = backend_named("haru")->write_pdf(doc, &pdf, &msg);
    expect(rc != 0 && msg && strstr(msg, needle) && pdf.len == 0, what, msg);
    free(msg);
    sb_free(&pdf);
    dl_free(doc);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: haru_unit WORKDIR TRUETYPE_FILE CFF_FILE\n");
        return 2;
    }
    const char *tt = argv[2], *cff = argv[3];
    expect(check_new_from_bytes && check_get_attachments && check_get_name && check_save,
           "pdf_source.c's poppler-glib pointer types are poppler.h's", NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/unit.pdf", argv[1]);
    remove(path);

    /* 甲𠀀乙: U+20000 in the text */
    static const uint32_t rare[] = {0x7532, 0x20000, 0x4E59};
    refused("U+20000 in the text", doc_with(tt, "甲\xF0\xA0\x80\x80乙", rare, 3, 0), path,
            "U+20000");
    dl_document *d = doc_with(tt, "甲𠀀乙", rare, 3, 0);
    char *msg = NULL;
    backend_named("haru")->check(d, &msg);
    expect(msg && strstr(msg, "第 1 页") && strstr(msg, "甲𠀀乙"), "… names the page and the text",
           msg);
    free(msg);
    dl_free(d);

    static const uint32_t plain[] = {0x7532, 0x4E59};
    d = doc_with(tt, "甲乙", plain, 2, 0);
    dl_set_meta(d, &d->title, "某某局𠀀年报");
    refused("U+20000 in the title", d, path, "U+20000");
    d = doc_with(tt, "甲乙", plain, 2, 0);
    dl_add_outline(d, "二、𬌗", 0, 80, 200, 1);
    refused("U+2C317 in a bookmark", d, path, "U+2C317");
    refused("a face with CFF outlines", doc_with(cff, "甲乙", plain, 2, 0), path, "TrueType");
    refused("a glyph that is not the cmap glyph", doc_with(tt, "甲乙", plain, 2, 2), path, "“乙”");

    /* and a document it can write */
    d = doc_with(tt, "甲乙", plain, 2, 0);
    msg = NULL;
    strbuf pdf = {0};
    int rc = backend_named("haru")->write_pdf(d, &pdf, &msg);
    expect(rc == 0 && pdf.len > 1000 && !memcmp(pdf.s, "%PDF-1.", 7) &&
               strstr(pdf.s + pdf.len - 32, "%%EOF"),
           "a plain document is made, whole", msg);
    FILE *f = fopen(path, "wb");
    expect(f && fwrite(pdf.s, 1, pdf.len, f) == pdf.len && fclose(f) == 0, "… and saved", NULL);
    sb_free(&pdf);
    free(msg);
    dl_free(d);
    return failures ? 1 : 0;
}
