/* cairo.c — the cairo backend (the default): draws a display list as PDF
 * and as PNG previews.
 *
 * PDF fonts: each face is first cut down with hb-subset (subset.h) to the
 * glyphs the document draws, renumbered, and cairo is handed that small
 * font (FreeType memory face): cairo 1.16's own CFF subsetting of a whole
 * Noto CJK face copies tens of MB and embeds about three times the glyph
 * data needed (docs/typesetting.md, cairo).  cairo still subsets and embeds it
 * (CID fonts, Identity-H, ToUnicode from the cluster mapping).  PNG draws
 * from the font files directly.
 *
 * cairo 1.16 notes: no link tags are written (a CAIRO_TAG_LINK outside a
 * structure tag damages the file in 1.16); outlines alone are safe.  The
 * Info dictionary gets only what the display list carries, never the clock.
 */
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/subset.h"
#include "base/files.h"

typedef struct {
    cairo_font_face_t **faces;
    xxgk_font_subset *subsets; /* per face; NULL: glyph ids of the face */
    size_t n;
} face_cache;

static cairo_font_face_t *face_from_file(const dl_face *f)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FILE, (const FcChar8 *)f->file);
    FcPatternAddInteger(p, FC_INDEX, f->index);
    cairo_font_face_t *ff = cairo_ft_font_face_create_for_pattern(p);
    FcPatternDestroy(p);
    return ff;
}

/* What a memory face keeps alive until cairo lets go of the font face:
 * its own FreeType library (no locking between batch workers or threads),
 * the face and the font bytes. */
typedef struct {
    FT_Library lib;
    FT_Face face;
    unsigned char *data;
} mem_face;

static const cairo_user_data_key_t mem_face_key;

static void mem_face_free(void *p)
{
    mem_face *m = p;
    FT_Done_Face(m->face);
    FT_Done_FreeType(m->lib);
    free(m->data);
    free(m);
}

/* A cairo font face over font bytes (taken over: freed with the face). */
static cairo_font_face_t *face_from_memory(unsigned char *data, size_t size)
{
    mem_face *m = xmalloc(sizeof *m);
    memset(m, 0, sizeof *m);
    m->data = data;
    if (FT_Init_FreeType(&m->lib) != 0) {
        free(data);
        free(m);
        return NULL;
    }
    if (FT_New_Memory_Face(m->lib, data, (FT_Long)size, 0, &m->face) != 0) {
        FT_Done_FreeType(m->lib);
        free(data);
        free(m);
        return NULL;
    }
    cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(m->face, FT_LOAD_NO_HINTING);
    if (cairo_font_face_status(ff) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(ff, &mem_face_key, m, mem_face_free) !=
            CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(ff);
        mem_face_free(m);
        return NULL;
    }
    return ff;
}

/* The faces subset for the last documents, kept with their glyph maps: a
 * report rendered again with a figure changed draws the same glyphs, and
 * then reuses the subset and cairo's glyph cache of its face (the
 * workbench's workers render the same report over and over).  Found by the
 * face and every glyph and character it draws, compared in full. */
#define SUBSET_CACHE 8
typedef struct {
    char *file;
    int index;
    dl_u32_list glyphs, cps;
    cairo_font_face_t *face; /* a reference held by the cache */
    uint32_t *old_gids;
    size_t n_glyphs;
    int retain_gids;
    unsigned long last_use; /* 0: empty */
} subset_entry;

static subset_entry subset_cache[SUBSET_CACHE];
static unsigned long subset_clock;
static pthread_mutex_t subset_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t subset_once = PTHREAD_ONCE_INIT;

static void entry_clear(subset_entry *e)
{
    free(e->file);
    free(e->glyphs.v);
    free(e->cps.v);
    free(e->old_gids);
    if (e->face)
        cairo_font_face_destroy(e->face);
    memset(e, 0, sizeof *e);
}

static void subset_cache_free(void)
{
    for (size_t i = 0; i < SUBSET_CACHE; i++)
        entry_clear(&subset_cache[i]);
}

static void subset_cache_init(void) { atexit(subset_cache_free); }

static int same_list(const dl_u32_list *a, const dl_u32_list *b)
{
    return a->n == b->n && (!a->n || !memcmp(a->v, b->v, a->n * sizeof *a->v));
}

static uint32_t *copy_gids(const uint32_t *v, size_t n)
{
    uint32_t *c = xmalloc((n ? n : 1) * sizeof *c);
    if (n)
        memcpy(c, v, n * sizeof *c);
    return c;
}

/* A cached face for these glyphs: the face (a new reference) and its map
 * copied into s; NULL when there is none. */
static cairo_font_face_t *subset_cached(const dl_face *f, const dl_u32_list *g,
                                        const dl_u32_list *cps, xxgk_font_subset *s)
{
    cairo_font_face_t *found = NULL;
    pthread_mutex_lock(&subset_lock);
    for (size_t i = 0; i < SUBSET_CACHE && !found; i++) {
        subset_entry *e = &subset_cache[i];
        if (e->last_use && e->index == f->index && !strcmp(e->file, f->file) &&
            same_list(&e->glyphs, g) && same_list(&e->cps, cps)) {
            e->last_use = ++subset_clock;
            found = cairo_font_face_reference(e->face);
            s->old_gids = copy_gids(e->old_gids, e->n_glyphs);
            s->n_glyphs = e->n_glyphs;
            s->retain_gids = e->retain_gids;
        }
    }
    pthread_mutex_unlock(&subset_lock);
    return found;
}

/* Keeps face (a new reference) for these glyphs, in place of the least
 * recently used. */
static void subset_keep(const dl_face *f, dl_u32_list *g, dl_u32_list *cps, cairo_font_face_t *face,
                        const xxgk_font_subset *s)
{
    pthread_once(&subset_once, subset_cache_init);
    pthread_mutex_lock(&subset_lock);
    subset_entry *e = &subset_cache[0];
    for (size_t i = 1; i < SUBSET_CACHE; i++)
        if (subset_cache[i].last_use < e->last_use)
            e = &subset_cache[i];
    entry_clear(e);
    e->file = xstrdup(f->file);
    e->index = f->index;
    e->glyphs = *g; /* taken */
    e->cps = *cps;
    memset(g, 0, sizeof *g);
    memset(cps, 0, sizeof *cps);
    e->face = cairo_font_face_reference(face);
    e->old_gids = copy_gids(s->old_gids, s->n_glyphs);
    e->n_glyphs = s->n_glyphs;
    e->retain_gids = s->retain_gids;
    e->last_use = ++subset_clock;
    pthread_mutex_unlock(&subset_lock);
}

/* subset: 1 for the PDF (faces cut down to the glyphs drawn), 0 for PNG
 * (the font files as they are).  A face hb-subset cannot handle falls back
 * to the file: cairo subsets it itself, as before. */
static void faces_open(face_cache *fc, const dl_document *doc, int subset)
{
    fc->n = doc->n_faces;
    fc->faces = xmalloc((fc->n ? fc->n : 1) * sizeof *fc->faces);
    fc->subsets = NULL;
    if (subset) {
        fc->subsets = xmalloc((fc->n ? fc->n : 1) * sizeof *fc->subsets);
        memset(fc->subsets, 0, (fc->n ? fc->n : 1) * sizeof *fc->subsets);
    }
    for (size_t i = 0; i < fc->n; i++) {
        fc->faces[i] = NULL;
        if (subset) {
            dl_u32_list g = {0}, cps = {0};
            dl_face_usage(doc, i, &g, &cps);
            xxgk_font_subset *s = &fc->subsets[i];
            fc->faces[i] = g.n ? subset_cached(&doc->faces[i], &g, &cps, s) : NULL;
            /* Subroutines flattened: smaller once cairo has subset it
             * again (cairo keeps every subroutine a kept glyph calls), and
             * quicker for hb-subset. */
            if (!fc->faces[i] && g.n &&
                xxgk_subset_face(doc->faces[i].file, doc->faces[i].index, g.v, g.n, cps.v, cps.n,
                                 XXGK_SUBSET_DESUBROUTINIZE, s, NULL) == 0) {
                fc->faces[i] = face_from_memory(s->data, s->size);
                s->data = NULL; /* owned by the font face now */
                if (!fc->faces[i])
                    xxgk_font_subset_free(s);
                else
                    subset_keep(&doc->faces[i], &g, &cps, fc->faces[i], s);
            }
            free(g.v);
            free(cps.v);
        }
        if (!fc->faces[i])
            fc->faces[i] = face_from_file(&doc->faces[i]);
    }
}

static void faces_close(face_cache *fc)
{
    for (size_t i = 0; i < fc->n; i++) {
        cairo_font_face_destroy(fc->faces[i]);
        if (fc->subsets)
            xxgk_font_subset_free(&fc->subsets[i]);
    }
    free(fc->faces);
    free(fc->subsets);
}

/* The glyph id to draw: the subset's when the face was subset. */
static uint32_t glyph_id(const face_cache *fc, int face, uint32_t id)
{
    const xxgk_font_subset *s = fc->subsets ? &fc->subsets[face] : NULL;
    return s && s->old_gids ? xxgk_subset_glyph(s, id) : id;
}

static void set_color(cairo_t *cr, dl_color c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static void draw_run(cairo_t *cr, const face_cache *fc, const dl_run *r)
{
    cairo_set_font_face(cr, fc->faces[r->face]);
    cairo_set_font_size(cr, r->size);
    set_color(cr, r->color);
    cairo_glyph_t *g = xmalloc(r->n_glyphs * sizeof *g);
    for (size_t i = 0; i < r->n_glyphs; i++) {
        g[i].index = glyph_id(fc, r->face, r->glyphs[i].id);
        g[i].x = r->glyphs[i].x;
        g[i].y = r->glyphs[i].y;
    }
    if (r->n_clusters && r->text_len) {
        cairo_text_cluster_t *c = xmalloc(r->n_clusters * sizeof *c);
        for (size_t i = 0; i < r->n_clusters; i++) {
            c[i].num_bytes = r->clusters[i].num_bytes;
            c[i].num_glyphs = r->clusters[i].num_glyphs;
        }
        cairo_show_text_glyphs(cr, r->text, (int)r->text_len, g, (int)r->n_glyphs, c,
                               (int)r->n_clusters, 0);
        free(c);
    } else {
        cairo_show_glyphs(cr, g, (int)r->n_glyphs);
    }
    free(g);
}

typedef struct {
    const unsigned char *data;
    size_t len, at;
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int length)
{
    png_reader *r = closure;
    if (length > r->len - r->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *png_surface(const unsigned char *data, size_t len)
{
    png_reader r = {data, len, 0};
    return cairo_image_surface_create_from_png_stream(read_png, &r);
}

static void draw_image(cairo_t *cr, const dl_image *im)
{
    cairo_surface_t *s = png_surface(im->data, im->len);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        if (w > 0 && h > 0) {
            cairo_save(cr);
            cairo_translate(cr, im->x, im->y);
            cairo_scale(cr, im->w / w, im->h / h);
            cairo_set_source_surface(cr, s, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
        }
    }
    cairo_surface_destroy(s);
}

int image_decodes(const unsigned char *data, size_t len, char **why)
{
    cairo_surface_t *s = png_surface(data, len);
    cairo_status_t st = cairo_surface_status(s);
    int ok = st == CAIRO_STATUS_SUCCESS && cairo_image_surface_get_width(s) > 0 &&
             cairo_image_surface_get_height(s) > 0;
    /* cairo 1.16 reports a corrupt PNG as "out of memory" */
    if (!ok)
        why_set(why, "%s",
                st == CAIRO_STATUS_NO_MEMORY ? "PNG 数据损坏或不完整（或图片过大）"
                : st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st)
                                             : "宽或高为 0");
    cairo_surface_destroy(s);
    return ok ? 0 : -1;
}

static void draw_page(cairo_t *cr, const face_cache *fc, const dl_page *p)
{
    cairo_font_options_t *opts = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, opts);
    cairo_font_options_destroy(opts);
    for (size_t i = 0; i < p->n_items; i++) {
        const dl_item *it = &p->items[i];
        switch (it->kind) {
        case DL_RUN: draw_run(cr, fc, &it->u.run); break;
        case DL_RULE:
            set_color(cr, it->u.rule.color);
            cairo_set_line_width(cr, it->u.rule.width);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
            cairo_move_to(cr, it->u.rule.x0, it->u.rule.y0);
            cairo_line_to(cr, it->u.rule.x1, it->u.rule.y1);
            cairo_stroke(cr);
            break;
        case DL_RECT:
            set_color(cr, it->u.rect.color);
            cairo_rectangle(cr, it->u.rect.x, it->u.rect.y, it->u.rect.w, it->u.rect.h);
            if (it->u.rect.fill) {
                cairo_fill(cr);
            } else {
                cairo_set_line_width(cr, it->u.rect.line_width);
                cairo_stroke(cr);
            }
            break;
        case DL_IMAGE: draw_image(cr, &it->u.image); break;
        }
    }
}

static void set_meta(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
    if (value && *value)
        cairo_pdf_surface_set_metadata(s, key, value);
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
    sb_addn(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

static int write_pdf(const dl_document *doc, strbuf *out, char **why)
{
    double w0 = doc->n_pages ? doc->pages[0].width : 595.276;
    double h0 = doc->n_pages ? doc->pages[0].height : 841.89;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, out, w0, h0);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        why_set(why, "%s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return -1;
    }
    set_meta(s, CAIRO_PDF_METADATA_TITLE, doc->title);
    set_meta(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
    set_meta(s, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
    set_meta(s, CAIRO_PDF_METADATA_KEYWORDS, doc->keywords);
    set_meta(s, CAIRO_PDF_METADATA_CREATOR, doc->creator);
    set_meta(s, CAIRO_PDF_METADATA_CREATE_DATE, doc->creation_date);
    set_meta(s, CAIRO_PDF_METADATA_MOD_DATE, doc->creation_date);

    face_cache fc;
    faces_open(&fc, doc, 1);
    cairo_t *cr = cairo_create(s);
    for (size_t i = 0; i < doc->n_pages; i++) {
        cairo_pdf_surface_set_size(s, doc->pages[i].width, doc->pages[i].height);
        draw_page(cr, &fc, &doc->pages[i]);
        cairo_show_page(cr);
    }
    /* Outlines: a level-n entry hangs under the last entry of level n-1. */
    int parents[8] = {CAIRO_PDF_OUTLINE_ROOT};
    for (size_t i = 0; i < doc->n_outlines; i++) {
        const dl_outline *ol = &doc->outlines[i];
        int level = ol->level < 1 ? 1 : ol->level > 7 ? 7 : ol->level;
        char link[96];
        snprintf(link, sizeof link, "page=%d pos=[%.2f %.2f]", ol->page + 1, ol->x, ol->y);
        int id = cairo_pdf_surface_add_outline(s, parents[level - 1], ol->title, link, 0);
        parents[level] = id;
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    faces_close(&fc);
    if (st != CAIRO_STATUS_SUCCESS) {
        why_set(why, "%s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

static int write_png(const dl_document *doc, double dpi, long page, png_sink sink, void *ctx,
                     char **why)
{
    face_cache fc;
    faces_open(&fc, doc, 0);
    int rc = 0;
    double scale = dpi / 72.0;
    size_t first = page < 0 ? 0 : (size_t)page, end = page < 0 ? doc->n_pages : first + 1;
    for (size_t i = first; i < end && i < doc->n_pages && rc == 0; i++) {
        const dl_page *p = &doc->pages[i];
        int w = (int)(p->width * scale + 0.5), h = (int)(p->height * scale + 0.5);
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        draw_page(cr, &fc, p);
        cairo_destroy(cr);
        strbuf png = {0};
        cairo_status_t st = cairo_surface_write_to_png_stream(s, append, &png);
        if (st != CAIRO_STATUS_SUCCESS) {
            why_set(why, "%s", cairo_status_to_string(st));
            rc = -1;
        } else {
            rc = sink(ctx, i, png.s, png.len, why);
        }
        sb_free(&png);
        cairo_surface_destroy(s);
    }
    faces_close(&fc);
    return rc;
}

const backend backend_cairo = {
    {"cairo", "cairo (the default): PDF and PNG previews", 0},
    NULL,
    write_pdf,
    write_png,
};
