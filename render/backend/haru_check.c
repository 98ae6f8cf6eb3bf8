/* haru_check.c — whether libharu 2.3 can write a display list, decided
 * before anything is written: every face TrueType (glyf outlines), every
 * character of the text, the metadata and the outline at most U+FFFF
 * (libharu's UTF-8 encoder writes a space for the others), every glyph the
 * cmap glyph of its character (libharu has no glyph-id API).  A refusal
 * names the character as U+XXXXX and where it is. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/haru.h"

typedef struct {
    FT_Library lib;
    FT_Face *faces; /* per dl face; NULL when not loadable */
    size_t n;
} ft_faces;

static void ft_open(ft_faces *f, const dl_document *doc)
{
    f->n = doc->n_faces;
    f->faces = xmalloc((f->n ? f->n : 1) * sizeof *f->faces);
    memset(f->faces, 0, (f->n ? f->n : 1) * sizeof *f->faces);
    if (FT_Init_FreeType(&f->lib) != 0) {
        f->lib = NULL;
        return;
    }
    for (size_t i = 0; i < f->n; i++)
        if (FT_New_Face(f->lib, doc->faces[i].file, doc->faces[i].index, &f->faces[i]) != 0)
            f->faces[i] = NULL;
}

static void ft_close(ft_faces *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->faces[i])
            FT_Done_Face(f->faces[i]);
    if (f->lib)
        FT_Done_FreeType(f->lib);
    free(f->faces);
}

static int face_is_truetype(FT_Face face)
{
    FT_ULong len = 0;
    return face && FT_Load_Sfnt_Table(face, FT_MAKE_TAG('g', 'l', 'y', 'f'), 0, NULL, &len) == 0 &&
           len > 0;
}

/* The text of a run around byte offset off: up to 12 characters before and
 * after, for messages. */
static void context_text(strbuf *b, const char *text, size_t len, size_t off)
{
    size_t start = off, end = off;
    for (int i = 0; i < 12 && start > 0; i++) {
        do
            start--;
        while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80);
    }
    for (int i = 0; i < 13 && end < len; i++) {
        uint32_t cp;
        size_t n = utf8_decode(text + end, len - end, &cp);
        end += n ? n : 1;
    }
    sb_addn(b, text + start, end - start);
}

static char *beyond_bmp_msg(uint32_t cp, const char *where)
{
    char u[5] = {0};
    utf8_encode(cp, u);
    strbuf b = {0};
    sb_printf(&b,
              "%s的字符“%s”（U+%04X）在 U+FFFF 以上：libharu 2.3 会把它写成空格，"
              "haru 后端拒绝输出（未写入任何文件）；请改用 cairo 后端",
              where, u, (unsigned)cp);
    return sb_take(&b);
}

/* First character above U+FFFF in s, or 0. */
static uint32_t first_beyond_bmp(const char *s, size_t len, size_t *at)
{
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + off, len - off, &cp);
        if (n == 0)
            return 0;
        if (cp > 0xFFFF) {
            if (at)
                *at = off;
            return cp;
        }
        off += n;
    }
    return 0;
}

static int check_string(const char *s, const char *what, char **msg)
{
    if (!s)
        return 0;
    uint32_t cp = first_beyond_bmp(s, strlen(s), NULL);
    if (!cp)
        return 0;
    *msg = beyond_bmp_msg(cp, what);
    return -1;
}

/* A run's place: page, distance from the top of the page and the text. */
static void run_place(strbuf *b, size_t page, const dl_run *r, size_t off)
{
    double y = r->n_glyphs ? r->glyphs[0].y : 0;
    sb_printf(b, "第 %zu 页（距页面上边 %.0f 毫米）“", page + 1, y * 25.4 / 72);
    context_text(b, r->text, r->text_len, off);
    sb_add(b, "”中");
}

static int check_run(const ft_faces *ff, const dl_document *doc, size_t page, const dl_run *r,
                     char **msg)
{
    size_t at;
    uint32_t cp = first_beyond_bmp(r->text, r->text_len, &at);
    if (cp) {
        strbuf b = {0};
        run_place(&b, page, r, at);
        *msg = beyond_bmp_msg(cp, b.s);
        sb_free(&b);
        return -1;
    }
    FT_Face face = ff->faces[r->face];
    if (!face_is_truetype(face)) {
        strbuf b = {0};
        sb_printf(&b,
                  "字体 %s（%s:%d）不是 TrueType 字体：haru 后端只能嵌入 TrueType 字体"
                  "（XXGK_TRUETYPE_FONTS=1 或 --backend haru 只选 TrueType 字体）",
                  doc->faces[r->face].family ? doc->faces[r->face].family : "?",
                  doc->faces[r->face].file, doc->faces[r->face].index);
        *msg = sb_take(&b);
        return -1;
    }
    /* Every cluster: n characters drawn by the n cmap glyphs of its
     * characters, or by no glyph at all. */
    size_t off = 0, g = 0;
    for (size_t c = 0; c < r->n_clusters; c++) {
        const dl_cluster *cl = &r->clusters[c];
        size_t end = off + (size_t)cl->num_bytes, k = 0;
        int ok = 1;
        if (cl->num_glyphs > 0) {
            for (size_t o = off; o < end && ok;) {
                uint32_t ch;
                size_t n = utf8_decode(r->text + o, end - o, &ch);
                if (n == 0 || (int)k >= cl->num_glyphs ||
                    FT_Get_Char_Index(face, ch) != r->glyphs[g + k].id)
                    ok = 0;
                o += n ? n : 1;
                k++;
            }
            if ((int)k != cl->num_glyphs)
                ok = 0;
        }
        if (!ok) {
            strbuf b = {0};
            run_place(&b, page, r, off);
            sb_add(&b, "的“");
            sb_addn(&b, r->text + off, (size_t)cl->num_bytes);
            sb_printf(&b,
                      "”排版用的字形不是字体 cmap 中该字符的字形（%d 个字形）：libharu 没有按"
                      "字形编号输出的接口，haru 后端无法输出；请改用 cairo 后端",
                      cl->num_glyphs);
            *msg = sb_take(&b);
            return -1;
        }
        off = end;
        g += (size_t)cl->num_glyphs;
    }
    return 0;
}

int haru_check(const dl_document *doc, char **msg)
{
    *msg = NULL;
    if (check_string(doc->title, "文档属性（标题）", msg) ||
        check_string(doc->author, "文档属性（作者）", msg) ||
        check_string(doc->subject, "文档属性（主题）", msg) ||
        check_string(doc->keywords, "文档属性（关键词）", msg) ||
        check_string(doc->creator, "文档属性（创建工具）", msg))
        return -1;
    for (size_t i = 0; i < doc->n_outlines; i++) {
        strbuf b = {0};
        sb_printf(&b, "书签“%s”", doc->outlines[i].title);
        int rc = check_string(doc->outlines[i].title, b.s, msg);
        sb_free(&b);
        if (rc)
            return -1;
    }
    ft_faces ff;
    ft_open(&ff, doc);
    int rc = 0;
    for (size_t p = 0; p < doc->n_pages && rc == 0; p++)
        for (size_t i = 0; i < doc->pages[p].n_items && rc == 0; i++) {
            const dl_item *it = &doc->pages[p].items[i];
            if (it->kind == DL_RUN)
                rc = check_run(&ff, doc, p, &it->u.run, msg);
        }
    ft_close(&ff);
    return rc;
}
