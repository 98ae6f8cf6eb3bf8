/* display_list.c — building the backend-neutral page description. */
#include <stdlib.h>
#include <string.h>

#include "backend/display_list.h"

dl_document *dl_new(void)
{
    dl_document *doc = xmalloc(sizeof *doc);
    memset(doc, 0, sizeof *doc);
    return doc;
}

void dl_free(dl_document *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_pages; i++)
        free(doc->pages[i].items);
    free(doc->pages);
    free(doc->faces);
    free(doc->outlines);
    arena_free(&doc->mem);
    free(doc);
}

int dl_face_id(dl_document *doc, const char *file, int index, const char *family)
{
    for (size_t i = 0; i < doc->n_faces; i++)
        if (doc->faces[i].index == index && !strcmp(doc->faces[i].file, file))
            return (int)i;
    doc->faces = xrealloc(doc->faces, (doc->n_faces + 1) * sizeof *doc->faces);
    dl_face *f = &doc->faces[doc->n_faces];
    f->file = arena_strdup(&doc->mem, file);
    f->index = index;
    f->family = family ? arena_strdup(&doc->mem, family) : NULL;
    return (int)doc->n_faces++;
}

dl_page *dl_add_page(dl_document *doc, double width, double height)
{
    doc->pages = xrealloc(doc->pages, (doc->n_pages + 1) * sizeof *doc->pages);
    dl_page *p = &doc->pages[doc->n_pages++];
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
    return p;
}

static dl_item *new_item(dl_page *p, dl_kind kind)
{
    if (p->n_items == p->cap_items) {
        p->cap_items = p->cap_items ? 2 * p->cap_items : 64;
        p->items = xrealloc(p->items, p->cap_items * sizeof *p->items);
    }
    dl_item *it = &p->items[p->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

dl_run *dl_add_run(dl_document *doc, dl_page *p, int face, double size, dl_color color,
                const dl_glyph *glyphs, size_t n_glyphs, const char *text, size_t text_len,
                const dl_cluster *clusters, size_t n_clusters)
{
    if (n_glyphs == 0)
        return NULL;
    dl_run *r = &new_item(p, DL_RUN)->u.run;
    r->face = face;
    r->size = size;
    r->color = color;
    dl_glyph *g = arena_alloc(&doc->mem, n_glyphs * sizeof *g);
    memcpy(g, glyphs, n_glyphs * sizeof *g);
    r->glyphs = g;
    r->n_glyphs = n_glyphs;
    r->text = arena_strndup(&doc->mem, text, text_len);
    r->text_len = text_len;
    if (n_clusters) {
        dl_cluster *c = arena_alloc(&doc->mem, n_clusters * sizeof *c);
        memcpy(c, clusters, n_clusters * sizeof *c);
        r->clusters = c;
    }
    r->n_clusters = n_clusters;
    return r;
}

void dl_add_rule(dl_page *p, double x0, double y0, double x1, double y1, double width)
{
    dl_rule *r = &new_item(p, DL_RULE)->u.rule;
    r->x0 = x0;
    r->y0 = y0;
    r->x1 = x1;
    r->y1 = y1;
    r->width = width;
}

void dl_add_rect(dl_page *p, double x, double y, double w, double h, int fill, double line_width,
                 dl_color color)
{
    dl_rect *r = &new_item(p, DL_RECT)->u.rect;
    r->x = x;
    r->y = y;
    r->w = w;
    r->h = h;
    r->fill = fill;
    r->line_width = line_width;
    r->color = color;
}

void dl_add_image(dl_document *doc, dl_page *p, const char *path, const unsigned char *data,
                  size_t len, double x, double y, double w, double h)
{
    dl_image *im = &new_item(p, DL_IMAGE)->u.image;
    im->path = arena_strdup(&doc->mem, path);
    unsigned char *copy = arena_alloc(&doc->mem, len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    im->data = copy;
    im->len = len;
    im->x = x;
    im->y = y;
    im->w = w;
    im->h = h;
}

void dl_add_outline(dl_document *doc, const char *title, int page, double x, double y, int level)
{
    doc->outlines = xrealloc(doc->outlines, (doc->n_outlines + 1) * sizeof *doc->outlines);
    dl_outline *o = &doc->outlines[doc->n_outlines++];
    o->title = arena_strdup(&doc->mem, title);
    o->page = page;
    o->x = x;
    o->y = y;
    o->level = level;
}

void dl_set_meta(dl_document *doc, const char **field, const char *value)
{
    *field = value ? arena_strdup(&doc->mem, value) : NULL;
}

static void u32_push(dl_u32_list *l, uint32_t x)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = x;
}

void dl_face_usage(const dl_document *doc, size_t face, dl_u32_list *glyphs, dl_u32_list *cps)
{
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].n_items; i++) {
            const dl_item *it = &doc->pages[p].items[i];
            if (it->kind != DL_RUN || it->u.run.face != (int)face)
                continue;
            const dl_run *r = &it->u.run;
            for (size_t k = 0; k < r->n_glyphs; k++)
                u32_push(glyphs, r->glyphs[k].id);
            for (size_t off = 0; off < r->text_len;) {
                uint32_t cp;
                size_t n = utf8_decode(r->text + off, r->text_len - off, &cp);
                if (n == 0)
                    break;
                u32_push(cps, cp);
                off += n;
            }
        }
}
