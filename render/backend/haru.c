/* haru.c — the haru backend: draws a display list with libharu 2.3.
 *
 * Fonts: each face is cut down with hb-subset (subset.h) to the glyphs and
 * characters the document draws before libharu sees it (libharu's own
 * subsetting writes every table and only empties unused glyphs), and
 * loaded from memory.  Text goes the way libharu draws text: with its
 * UTF-8 encoder a string is written as 2-byte character codes (Identity-H,
 * code = the BMP code point) that its CIDToGIDMap sends through the
 * face's cmap.  There is no glyph-id API, so every glyph must be the cmap
 * glyph of its character (haru_check refuses anything else), and nothing
 * above U+FFFF can be written (libharu turns it into a space: refused).
 * Positions are the display list's, exactly: one Tm per line and a TJ
 * array whose adjustments are computed against the widths libharu writes
 * in /W, so no error accumulates along a line.
 *
 * libharu internals used (2.3.0, headers installed by libhpdf-dev): the
 * page's content stream (to write TJ arrays), the font-definition loader
 * from a memory stream, and the document save sequence (to save into
 * memory and see every error).  The source is attached and the file
 * encrypted afterwards, as for every backend (output/finish.c).
 */
#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_conf.h>
#include <hpdf_destination.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/haru.h"
#include "backend/subset.h"

typedef struct {
    HPDF_STATUS error, detail; /* the first libharu error */
} haru_errors;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    haru_errors *e = user_data;
    if (!e->error) {
        e->error = error_no;
        e->detail = detail_no;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* libharu 2.3 writes its UTF-8 encoding CMap as the font's /ToUnicode
 * (begincidrange: not a ToUnicode CMap; poppler warns "Invalid
 * 'begincidrange' operator in ToUnicode CMap" and guesses).  Its content
 * is replaced by a real one: each code (the BMP code point) → itself, for
 * the characters drawn. */
static void fix_to_unicode(HPDF_Font font, dl_u32_list *cps)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return;
    qsort(cps->v, cps->n, sizeof *cps->v, cmp_u32);
    size_t n = 0;
    for (size_t i = 0; i < cps->n; i++)
        if (cps->v[i] <= 0xFFFF && (cps->v[i] < 0xD800 || cps->v[i] > 0xDFFF) &&
            (n == 0 || cps->v[n - 1] != cps->v[i]))
            cps->v[n++] = cps->v[i];
    strbuf b = {0};
    sb_add(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += 100) {
        size_t k = n - i < 100 ? n - i : 100;
        sb_printf(&b, "%zu beginbfchar\n", k);
        for (size_t j = i; j < i + k; j++)
            sb_printf(&b, "<%04X> <%04X>\n", (unsigned)cps->v[j], (unsigned)cps->v[j]);
        sb_add(&b, "endbfchar\n");
    }
    sb_add(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
    sb_free(&b);
}

/* Load the face subset to what doc draws with it into pdf; the libharu
 * font (UTF-8 encoder), or NULL. */
static HPDF_Font load_face(HPDF_Doc pdf, const dl_document *doc, size_t face, char **msg)
{
    dl_u32_list g = {0}, cps = {0};
    dl_face_usage(doc, face, &g, &cps);
    xxgk_font_subset s;
    char *err = NULL;
    HPDF_Font font = NULL;
    if (xxgk_subset_face(doc->faces[face].file, doc->faces[face].index, g.v, g.n, cps.v, cps.n, 0,
                         &s, &err) != 0) {
        why_set(msg, "无法截取字体 %s 的子集：%s", doc->faces[face].file, err ? err : "?");
        free(err);
        goto out;
    }
    HPDF_Stream st = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)s.size);
    if (!st || HPDF_Stream_Write(st, s.data, (HPDF_UINT)s.size) != HPDF_OK) {
        if (st)
            HPDF_Stream_Free(st);
        xxgk_font_subset_free(&s);
        goto out;
    }
    xxgk_font_subset_free(&s);
    /* As HPDF_LoadTTFontFromFile does, from memory: the definition keeps the
     * stream and writes the font from it when the document is saved. */
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE);
    if (!def)
        goto out;
    if (HPDF_Doc_FindFontDef(pdf, def->base_font) ||
        HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        strbuf b = {0};
        sb_printf(&b, "字体 %s 与另一字体同名，libharu 无法同时嵌入", doc->faces[face].file);
        *msg = sb_take(&b);
        goto out;
    }
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            pdf->ttfont_tag[i]++;
            if (pdf->ttfont_tag[i] > 'Z')
                pdf->ttfont_tag[i] = 'A';
            else
                break;
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    font = HPDF_GetFont(pdf, def->base_font, "UTF-8");
    if (font)
        fix_to_unicode(font, &cps);
out:
    free(g.v);
    free(cps.v);
    return font;
}

/* A number for the content stream: at most 3 decimals, no trailing zeros. */
static void add_num(strbuf *b, double v)
{
    char t[48];
    snprintf(t, sizeof t, "%.3f", v);
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '0')
        n--;
    if (n > 0 && t[n - 1] == '.')
        n--;
    t[n] = 0;
    if (!strcmp(t, "-0"))
        strcpy(t, "0");
    sb_add(b, t);
}

static void write_raw(HPDF_Page page, strbuf *b)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (b->len)
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->s, (HPDF_UINT)b->len);
    b->len = 0;
    if (b->s)
        b->s[0] = 0;
}

/* One run: Tm at each change of baseline, then the glyphs as a TJ array of
 * 2-byte codes whose adjustments put every glyph at its x. */
static void draw_run(HPDF_Page page, HPDF_Font font, double page_h, const dl_run *r)
{
    if (r->embolden) /* q … Q: the stroke's width, colour and Tr stay in the run */
        HPDF_Page_GSave(page);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)r->size);
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)r->color.r, (HPDF_REAL)r->color.g, (HPDF_REAL)r->color.b);
    if (r->embolden) {
        HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)(r->size / 30));
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)r->color.r, (HPDF_REAL)r->color.g,
                               (HPDF_REAL)r->color.b);
    }
    strbuf b = {0};
    int open = 0;          /* inside a TJ array */
    double pen = 0, y = 0; /* where the viewer's pen is (x), the baseline */
    size_t off = 0, g = 0;
    for (size_t c = 0; c < r->n_clusters; c++) {
        const dl_cluster *cl = &r->clusters[c];
        size_t end = off + (size_t)cl->num_bytes;
        for (int k = 0; k < cl->num_glyphs && off < end; k++, g++) {
            uint32_t cp;
            size_t n = utf8_decode(r->text + off, end - off, &cp);
            off += n ? n : 1;
            const dl_glyph *gl = &r->glyphs[g];
            double gy = page_h - gl->y;
            if (!open || gy != y) {
                if (open)
                    sb_add(&b, "]TJ\n");
                sb_add(&b, "1 0 0 1 ");
                add_num(&b, gl->x);
                sb_addc(&b, ' ');
                add_num(&b, gy);
                sb_add(&b, " Tm[");
                pen = gl->x;
                y = gy;
                open = 1;
            } else {
                double adj = (pen - gl->x) * 1000 / r->size;
                if (adj > 0.0005 || adj < -0.0005) {
                    add_num(&b, adj);
                    pen -= adj * r->size / 1000; /* as the viewer computes it */
                }
            }
            char hex[8];
            snprintf(hex, sizeof hex, "<%04X>", (unsigned)cp);
            sb_add(&b, hex);
            /* the width libharu writes in /W (and the glyph marked used) */
            pen += HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp) * r->size / 1000;
        }
        off = end;
    }
    if (open)
        sb_add(&b, "]TJ\n");
    write_raw(page, &b);
    sb_free(&b);
    HPDF_Page_EndText(page);
    if (r->embolden)
        HPDF_Page_GRestore(page);
}

static int draw_page(HPDF_Doc pdf, HPDF_Page page, HPDF_Font *fonts, const dl_page *p, char **msg)
{
    double h = p->height;
    for (size_t i = 0; i < p->n_items; i++) {
        const dl_item *it = &p->items[i];
        switch (it->kind) {
        case DL_RUN:
            if (it->u.run.n_glyphs)
                draw_run(page, fonts[it->u.run.face], h, &it->u.run);
            break;
        case DL_RULE: {
            const dl_rule *ru = &it->u.rule;
            HPDF_Page_SetRGBStroke(page, (HPDF_REAL)ru->color.r, (HPDF_REAL)ru->color.g,
                                   (HPDF_REAL)ru->color.b);
            HPDF_Page_SetLineWidth(page, (HPDF_REAL)ru->width);
            HPDF_Page_SetLineCap(page, HPDF_PROJECTING_SCUARE_END);
            HPDF_Page_MoveTo(page, (HPDF_REAL)ru->x0, (HPDF_REAL)(h - ru->y0));
            HPDF_Page_LineTo(page, (HPDF_REAL)ru->x1, (HPDF_REAL)(h - ru->y1));
            HPDF_Page_Stroke(page);
            break;
        }
        case DL_RECT: {
            const dl_rect *re = &it->u.rect;
            if (re->fill) {
                HPDF_Page_SetRGBFill(page, (HPDF_REAL)re->color.r, (HPDF_REAL)re->color.g,
                                     (HPDF_REAL)re->color.b);
            } else {
                HPDF_Page_SetRGBStroke(page, (HPDF_REAL)re->color.r, (HPDF_REAL)re->color.g,
                                       (HPDF_REAL)re->color.b);
                HPDF_Page_SetLineWidth(page, (HPDF_REAL)re->line_width);
            }
            HPDF_Page_Rectangle(page, (HPDF_REAL)re->x, (HPDF_REAL)(h - re->y - re->h),
                                (HPDF_REAL)re->w, (HPDF_REAL)re->h);
            if (re->fill)
                HPDF_Page_Fill(page);
            else
                HPDF_Page_Stroke(page);
            break;
        }
        case DL_IMAGE: {
            const dl_image *im = &it->u.image;
            HPDF_Image img = HPDF_LoadPngImageFromMem(pdf, im->data, (HPDF_UINT)im->len);
            if (!img) {
                strbuf b = {0};
                sb_printf(&b, "无法读取图片 %s", im->path);
                *msg = sb_take(&b);
                return -1;
            }
            /* libharu 2.3 compresses the colour data of a PNG but writes
             * its alpha channel (the /SMask image) uncompressed */
            HPDF_Dict smask = HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT);
            if (smask)
                smask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
            HPDF_Page_DrawImage(page, img, (HPDF_REAL)im->x, (HPDF_REAL)(h - im->y - im->h),
                                (HPDF_REAL)im->w, (HPDF_REAL)im->h);
            break;
        }
        }
    }
    return 0;
}

/* "2023-01-28T00:00:00+08:00" (or a prefix: a date alone) → HPDF_Date. */
static int parse_date(const char *s, HPDF_Date *d)
{
    memset(d, 0, sizeof *d);
    d->month = d->day = 1;
    d->ind = ' ';
    if (!s || sscanf(s, "%4d-%2d-%2d", &d->year, &d->month, &d->day) != 3)
        return -1;
    const char *t = strchr(s, 'T');
    if (!t)
        return 0;
    if (sscanf(t + 1, "%2d:%2d:%2d", &d->hour, &d->minutes, &d->seconds) < 2)
        return -1;
    const char *z = t + 1 + strcspn(t + 1, "+-Z");
    if (*z == 'Z') {
        d->ind = 'Z';
    } else if (*z == '+' || *z == '-') {
        d->ind = *z;
        if (sscanf(z + 1, "%2d:%2d", &d->off_hour, &d->off_minutes) < 1)
            return -1;
    }
    return 0;
}

static void set_info(HPDF_Doc pdf, HPDF_InfoType key, const char *value)
{
    if (value && *value)
        HPDF_SetInfoAttr(pdf, key, value);
}

/* HPDF_SaveToStream, into out (the caller writes the file: libharu's file
 * writer ignores the result of fclose, so a full disk would leave a
 * truncated PDF). */
static int save(HPDF_Doc pdf, strbuf *out)
{
    static const char *const header[] = {
        "%PDF-1.2\012%\267\276\255\252\012", "%PDF-1.3\012%\267\276\255\252\012",
        "%PDF-1.4\012%\267\276\255\252\012", "%PDF-1.5\012%\267\276\255\252\012",
        "%PDF-1.6\012%\267\276\255\252\012", "%PDF-1.7\012%\267\276\255\252\012"};
    if (!HPDF_HasDoc(pdf) || (unsigned)pdf->pdf_version >= sizeof header / sizeof *header)
        return -1;
    HPDF_Stream st = HPDF_MemStream_New(pdf->mmgr, HPDF_STREAM_BUF_SIZ);
    if (!st)
        return -1;
    int rc = -1;
    if (HPDF_Stream_WriteStr(st, header[pdf->pdf_version]) != HPDF_OK ||
        HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog) != HPDF_OK ||
        HPDF_Dict_Add(pdf->trailer, "Info", pdf->info) != HPDF_OK)
        goto out;
    if (HPDF_Xref_WriteToStream(pdf->xref, st, NULL) != HPDF_OK ||
        HPDF_Stream_Seek(st, 0, HPDF_SEEK_SET) != HPDF_OK)
        goto out;
    for (;;) {
        HPDF_BYTE buf[HPDF_STREAM_BUF_SIZ];
        HPDF_UINT n = sizeof buf;
        HPDF_STATUS s = HPDF_Stream_Read(st, buf, &n);
        sb_addn(out, (const char *)buf, n);
        if (s == HPDF_STREAM_EOF) {
            rc = 0;
            break;
        }
        if (s != HPDF_OK)
            break;
    }
out:
    HPDF_Stream_Free(st);
    return rc;
}

static char *haru_msg(const haru_errors *e, const char *what)
{
    strbuf b = {0};
    sb_printf(&b, "libharu：%s（错误 0x%04X，详情 %u）", what, (unsigned)e->error,
              (unsigned)e->detail);
    return sb_take(&b);
}

/* Every face the runs use, subset and loaded; 0, or -1 with *why. */
static int load_fonts(HPDF_Doc pdf, const dl_document *doc, haru_errors *errs, HPDF_Font *fonts,
                      char **why)
{
    for (size_t i = 0; i < doc->n_faces; i++) {
        int used = 0;
        for (size_t p = 0; p < doc->n_pages && !used; p++)
            for (size_t k = 0; k < doc->pages[p].n_items && !used; k++)
                used = doc->pages[p].items[k].kind == DL_RUN &&
                       doc->pages[p].items[k].u.run.face == (int)i;
        if (!used)
            continue;
        fonts[i] = load_face(pdf, doc, i, why);
        if (!fonts[i]) {
            if (!*why) {
                strbuf b = {0};
                sb_printf(&b, "无法载入字体 %s", doc->faces[i].file);
                *why = haru_msg(errs, b.s);
                sb_free(&b);
            }
            return -1;
        }
    }
    return 0;
}

/* Outlines: a level-n entry hangs under the last entry of level n-1. */
static void add_outlines(HPDF_Doc pdf, const dl_document *doc, HPDF_Page *pages)
{
    HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
    HPDF_Outline parents[8] = {NULL};
    for (size_t i = 0; i < doc->n_outlines; i++) {
        const dl_outline *ol = &doc->outlines[i];
        if (ol->page < 0 || (size_t)ol->page >= doc->n_pages)
            continue;
        int level = ol->level < 1 ? 1 : ol->level > 7 ? 7 : ol->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        HPDF_Outline entry = HPDF_CreateOutline(pdf, parent, ol->title, utf8);
        if (!entry)
            break;
        HPDF_Outline_SetOpened(entry, HPDF_FALSE);
        /* [page /XYZ left top 0]: zoom 0 keeps the viewer's zoom, as cairo
         * writes it (HPDF_Destination_SetXYZ refuses a zoom below 0.08) */
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[ol->page]);
        if (!dst)
            break;
        HPDF_Array_Clear(dst);
        HPDF_Array_Add(dst, pages[ol->page]);
        HPDF_Array_AddName(dst, "XYZ");
        HPDF_Array_AddReal(dst, (HPDF_REAL)ol->x);
        HPDF_Array_AddReal(dst, (HPDF_REAL)(doc->pages[ol->page].height - ol->y));
        HPDF_Array_AddNumber(dst, 0);
        HPDF_Outline_SetDestination(entry, dst);
        parents[level] = entry;
        for (int l = level + 1; l < 8; l++)
            parents[l] = NULL;
    }
}

/* The Info dictionary; 0, or -1 with *why. */
static int finish_document(HPDF_Doc pdf, const dl_document *doc, haru_errors *errs, char **why)
{
    set_info(pdf, HPDF_INFO_TITLE, doc->title);
    set_info(pdf, HPDF_INFO_AUTHOR, doc->author);
    set_info(pdf, HPDF_INFO_SUBJECT, doc->subject);
    set_info(pdf, HPDF_INFO_KEYWORDS, doc->keywords);
    set_info(pdf, HPDF_INFO_CREATOR, doc->creator);
    HPDF_Date date;
    if (doc->creation_date && parse_date(doc->creation_date, &date) == 0) {
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
    }
    if (errs->error) {
        *why = haru_msg(errs, "设置文档属性或书签失败");
        return -1;
    }
    return 0;
}

static int write_pdf(const dl_document *doc, strbuf *out, char **why)
{
    *why = NULL;
    if (haru_check(doc, why) != 0)
        return -1;
    haru_errors errs = {0, 0};
    HPDF_Doc pdf = HPDF_New(on_error, &errs);
    if (!pdf) {
        *why = xstrdup("libharu：无法创建文档");
        return -1;
    }
    int rc = -1;
    HPDF_Font *fonts = xmalloc((doc->n_faces ? doc->n_faces : 1) * sizeof *fonts);
    memset(fonts, 0, (doc->n_faces ? doc->n_faces : 1) * sizeof *fonts);
    HPDF_Page *pages = xmalloc((doc->n_pages ? doc->n_pages : 1) * sizeof *pages);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8"); /* Info strings in UTF-16 (libharu#282) */
    if (errs.error) {
        *why = haru_msg(&errs, "无法启用 UTF-8 编码");
        goto out;
    }
    if (load_fonts(pdf, doc, &errs, fonts, why) != 0)
        goto out;
    for (size_t i = 0; i < doc->n_pages; i++) {
        HPDF_Page page = pages[i] = HPDF_AddPage(pdf);
        if (!page)
            break;
        HPDF_Page_SetWidth(page, (HPDF_REAL)doc->pages[i].width);
        HPDF_Page_SetHeight(page, (HPDF_REAL)doc->pages[i].height);
        if (draw_page(pdf, page, fonts, &doc->pages[i], why) != 0)
            goto out;
    }
    if (errs.error) {
        *why = haru_msg(&errs, "绘制页面失败");
        goto out;
    }
    add_outlines(pdf, doc, pages);
    if (finish_document(pdf, doc, &errs, why) != 0)
        goto out;
    if (save(pdf, out) != 0 || errs.error) {
        if (!errs.error) {
            errs.error = HPDF_GetError(pdf);
            errs.detail = HPDF_GetErrorDetail(pdf);
        }
        *why = haru_msg(&errs, "生成 PDF 失败");
        goto out;
    }
    rc = 0;
out:
    free(fonts);
    free(pages);
    HPDF_Free(pdf);
    return rc;
}

const backend backend_haru = {
    {"haru", "libharu 2.3: TrueType fonts only, no character above U+FFFF", XXGK_FONTS_TRUETYPE},
    haru_check,
    write_pdf,
    NULL,
};
