/* output.h — the parts of the render driver (render.c drives, finish.c
 * attaches the source and encrypts with qpdf). */
#ifndef XXGK_OUTPUT_H
#define XXGK_OUTPUT_H

#include "base/base.h"
#include "xxgk_render.h"

typedef struct {
    /* Attach these bytes as XXGK_SOURCE_NAME (NULL: nothing attached), and
     * with them the seal as XXGK_SEAL_NAME (NULL: none). */
    const char *source;
    size_t source_len;
    const unsigned char *seal;
    size_t seal_len;
    const char *owner_password; /* AES-256 with it; NULL: not encrypted */
} finish_options;

/* The PDF of len bytes with what o asks added, appended to out (a copy of
 * the PDF when o asks nothing).  0, or -1 and *why. */
int pdf_finish(const char *pdf, size_t len, const finish_options *o, strbuf *out, char **why);

#endif
