/* pdf_output.h — the display list written as the PDF file, by the backend
 * the render options ask for (cairo or libharu). */
#ifndef XXGK_PDF_OUTPUT_H
#define XXGK_PDF_OUTPUT_H

#include "display_list.h"
#include "xxgk_render.h"

/* Write doc to out_path: made in memory, then written through a temporary
 * file beside it, synced and renamed (never a half-written file, even on a
 * full disk).  An image that cannot be decoded is S09.  Options only the haru backend has
 * (owner_password, attach_data) with the cairo backend, and a document the
 * haru backend cannot write (a face that is not TrueType, a character
 * above U+FFFF, a glyph the cmap does not give), are errors in d before
 * anything is written: returns 1.  A write failure: -1 (d says why).
 * 0 on success. */
int xxgk_write_pdf_file(const dl_document *doc, const xxgk_render_options *o,
                        const xxgk_report *r, const char *out_path, xxgk_diags *d);

#endif
