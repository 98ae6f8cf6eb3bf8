/* backend.h — the PDF writers.  A backend is one file that fills one entry
 * (its name, what it can do, the fonts it needs, its functions) and is
 * listed in backends.c; the render driver (output/render.c) and the command
 * line ask the table, never a backend by name.  Like a device of MuPDF's
 * fitz: it sees only the display list, never the report. */
#ifndef XXGK_BACKEND_H
#define XXGK_BACKEND_H

#include "backend/display_list.h"
#include "xxgk_render.h"

/* Takes the PNG of page (0-based): 0, or -1 and *why. */
typedef int (*png_sink)(void *ctx, size_t page, const char *png, size_t len, char **why);

typedef struct {
    xxgk_backend_info info;
    /* Whether doc can be written, decided before anything is: 0, or -1 and
     * *why naming what cannot be (a character, a face).  NULL: any. */
    int (*check)(const dl_document *doc, char **why);
    /* The PDF of doc appended to out; deterministic.  0, or -1 and *why. */
    int (*write_pdf)(const dl_document *doc, strbuf *out, char **why);
    /* Page page (0-based; -1: every page) as PNG at dpi, each handed to
     * sink.  0, or -1 and *why (the sink's).  NULL: cannot. */
    int (*write_png)(const dl_document *doc, double dpi, long page, png_sink sink, void *ctx,
                     char **why);
} backend;

/* The backend of that name; NULL names the default (the first). */
const backend *backend_named(const char *name);
/* The first backend that can write PNG previews. */
const backend *backend_for_png(void);
/* Whether a PNG decodes completely (a seal): 0, or -1 and *why.  Backends
 * draw only images that passed. */
int image_decodes(const unsigned char *data, size_t len, char **why);

#endif
