/* backend_haru.h — draws a display list with libharu 2.3 (PDF only).
 *
 * What it adds to the cairo backend: RC4 encryption with an owner password
 * and an attached file (the report's source JSON).  What it cannot do:
 * faces other than TrueType, characters above U+FFFF (libharu's UTF-8
 * encoder writes a space for them: refused before anything is written),
 * and glyphs the shaping chose that the face's cmap does not give for the
 * character (no glyph-id API: refused too).
 */
#ifndef XXGK_BACKEND_HARU_H
#define XXGK_BACKEND_HARU_H

#include <stddef.h>

#include "display_list.h"

typedef struct {
    /* Non-NULL: RC4 128-bit, this owner password, no user password;
     * printing allowed, changing and copying not. */
    const char *owner_password;
    /* Non-NULL: embedded as an attached file named attach_name, with the
     * document's seal image (if any) as XXGK_SEAL_NAME. */
    const char *attach_data;
    size_t attach_size;
    const char *attach_name; /* NULL: "source.json" */
} haru_options;

/* Whether libharu can write doc: every face TrueType, every character of
 * the text, the metadata and the outline at most U+FFFF, every glyph the
 * face's cmap glyph of its character.  Returns 0, or -1 with *msg (malloc'd,
 * Chinese, naming the character as U+XXXXX and where it is: page, line
 * position and the text around it). */
int haru_check(const dl_document *doc, char **msg);

/* The PDF of doc, appended to out (the caller writes the file).  Runs
 * haru_check first and makes nothing when it fails.  Deterministic: the
 * same document and options give the same bytes (the file identifier of an
 * encrypted file is a digest of the content, not of the clock).  Returns
 * 0, or -1 with *msg (malloc'd). */
int dl_write_pdf_haru(const dl_document *doc, const haru_options *o, strbuf *out, char **msg);

/* The name of the attachment xxgk writes and extracts by default. */
#define XXGK_SOURCE_NAME "source.json"
/* … and the seal image the source names, attached with it. */
#define XXGK_SEAL_NAME "seal.png"

#endif
