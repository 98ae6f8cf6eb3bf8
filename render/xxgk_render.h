/* xxgk_render.h — rendering a checked report to the print-ready PDF (and
 * PNG previews) in the GB/T 9704 house style. */
#ifndef XXGK_RENDER_H
#define XXGK_RENDER_H

#include <stddef.h>

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xxgk_fonts xxgk_fonts;

/* The PDF writer.  cairo: the default.  haru (libharu 2.3): TrueType faces
 * only, no character above U+FFFF (refused before anything is written),
 * and what cairo 1.16 cannot do: encryption and an attached source file. */
typedef enum { XXGK_BACKEND_CAIRO = 0, XXGK_BACKEND_HARU = 1 } xxgk_backend;

typedef struct {
    int draft;               /* 草稿（未通过校验） on every page */
    const char *png_prefix;  /* also write {prefix}-{n}.png per page; NULL: none */
    double png_dpi;          /* 0: 96 */
    const char *layout_dump; /* write the layout (JSON) here; NULL: none */
    xxgk_fonts *fonts;       /* resolved fonts to reuse; NULL: resolved here */
    int *pages;              /* out: the number of pages written; may be NULL */
    xxgk_backend backend;    /* haru: fonts (when resolved here) are TrueType only */
    /* Encrypt (haru only): RC4 128-bit, this owner password, no user
     * password (anyone opens the file), printing allowed, changing and
     * copying not.  Advisory only: see README.  NULL: not encrypted. */
    const char *owner_password;
    /* Embed these bytes as an attached file named attach_name (haru
     * only; cairo 1.16 cannot attach files).  NULL: none. */
    const char *attach_data;
    size_t attach_size;
    const char *attach_name; /* NULL: "source.json" */
} xxgk_render_options;

/* Lay out r and write the PDF to out_path (through a temporary file and a
 * rename: never a half-written file).  Returns 0 on success; 1 when the
 * report cannot be set (errors in d, nothing written); -1 when writing
 * failed (d says why).  It does not run xxgk_check: the caller refuses
 * reports with check errors unless drafting. */
int xxgk_render_pdf(const xxgk_report *r, const xxgk_render_options *o, const char *out_path,
                    xxgk_diags *d);

/* Fonts of the roles (fonts/roles.json resolved through fontconfig).  NULL
 * only when the role data is unreadable; a role without a face is an error
 * in d. */
xxgk_fonts *xxgk_fonts_load(xxgk_diags *d);
/* xxgk_fonts_load_flags: */
enum {
    /* Every role resolves to a TrueType face (glyf outlines, embeddable):
     * what the haru backend needs; with it both backends draw with the
     * same faces (the same layout).  A role without one is an F04 error
     * naming the role. */
    XXGK_FONTS_TRUETYPE = 1u << 0,
};
xxgk_fonts *xxgk_fonts_load_flags(unsigned flags, xxgk_diags *d);
/* XXGK_FONTS_TRUETYPE when the environment variable XXGK_TRUETYPE_FONTS
 * is set (and not "0"); xxgk_fonts_load uses these flags. */
unsigned xxgk_fonts_env_flags(void);
unsigned xxgk_fonts_flags(const xxgk_fonts *f);
void xxgk_fonts_free(xxgk_fonts *f);
/* For xxgk_check_options.can_draw, with can_draw_ctx = the xxgk_fonts:
 * non-zero when the role's face draws cp. */
int xxgk_fonts_can_draw(void *ctx, uint32_t cp, xxgk_font_role role);
/* One line per role: role, style, family, file, official or substitute. */
void xxgk_fonts_print(const xxgk_fonts *f, FILE *out);
/* Non-zero when some role uses a substitute face. */
int xxgk_fonts_substituted(const xxgk_fonts *f);

#ifdef __cplusplus
}
#endif
#endif
