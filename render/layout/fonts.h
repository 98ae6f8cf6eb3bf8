/* fonts.h — font roles of the 公文 house style resolved to faces, and
 * shaping of text in one role's face.
 *
 * Each role (fonts/roles.json) lists families in order: the official faces
 * first, then free substitutes of the same style family.  A family counts
 * only when fontconfig really returns it (no silent substitution by
 * fontconfig's own defaults).  Shaping goes through Pango and HarfBuzz; every
 * shaped run is checked for the face it got, so a character the role's face
 * cannot draw is reported instead of falling back to another style.
 */
#ifndef XXGK_FONTS_H
#define XXGK_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "xxgk_render.h"

typedef struct {
    xxgk_font_role role;
    const char *role_key; /* "body" */
    const char *style;    /* 仿宋 */
    const char *family;   /* the family that matched, as fontconfig names it */
    const char *file;     /* font file */
    int index;            /* face index in a collection */
    int weight;           /* fontconfig weight asked for */
    int substitute;       /* 1: a free substitute, not an official face */
    int found;            /* 0: no family of the role is installed */
    /* 1: the style is heavier than the face (a regular Song for 小标宋):
     * the backend emboldens its runs (roles.json "embolden"). */
    int embolden;
} xxgk_face_info;

const xxgk_face_info *xxgk_fonts_face(const xxgk_fonts *f, xxgk_font_role role);
/* The face for the characters the role's face lacks: the next family of
 * the role's list that is installed (NULL: none). */
const xxgk_face_info *xxgk_fonts_fallback(const xxgk_fonts *f, xxgk_font_role role);
/* The face of a cluster's slot: 0 the role's face, 1 its fallback, 2 the
 * Latin face (NULL: none). */
const xxgk_face_info *xxgk_fonts_face_slot(const xxgk_fonts *f, xxgk_font_role role, int slot);
const char *xxgk_font_role_name(xxgk_font_role role); /* "body" */

/* ---- shaping ------------------------------------------------------------ */

typedef struct {
    uint32_t id;               /* glyph index in the face */
    double advance;            /* pt */
    double x_offset, y_offset; /* pt; y down */
} shaped_glyph;

typedef struct {
    size_t byte_start, byte_len; /* in the shaped text */
    size_t glyph_start, n_glyphs;
    double advance; /* pt, sum of the glyph advances */
    /* Horizontal ink of a one-glyph punctuation cluster, pt from its origin
     * (how much blank a compressed mark really has: a face may centre its
     * ，。 Taiwan style); both 0 when not measured. */
    double ink_left, ink_right;
    /* 0: set in the role's face; 1: in its fallback face; 2: in its Latin
     * face (TrueType resolution only: printable ASCII in a proportional
     * face, the CJK TrueType faces having half-width, monospaced forms). */
    int fallback;
} shaped_cluster;

typedef struct {
    shaped_glyph *glyphs;
    size_t n_glyphs;
    shaped_cluster *clusters;
    size_t n_clusters;
    /* The first character the role's face could not draw. */
    int failed;
    uint32_t bad_cp;
    size_t bad_offset;
    const char *bad_family; /* the face Pango fell back to, or NULL (tofu) */
} shaped_text;

/* Shape text (len bytes of UTF-8, in logical order) in role's face at size
 * pt.  Returns 0 on success; -1 when a character could not be drawn in the
 * role's face (out->failed, bad_cp, bad_offset say which).  Free with
 * shaped_text_free. */
int xxgk_fonts_shape(xxgk_fonts *f, xxgk_font_role role, double size, const char *text, size_t len,
                     shaped_text *out);
void shaped_text_free(shaped_text *s);

/* Ink extents of a glyph of the role's face at size pt, relative to the
 * baseline (y down: top < 0 above the baseline). */
void xxgk_fonts_glyph_ink(xxgk_fonts *f, xxgk_font_role role, double size, uint32_t glyph,
                          double *top, double *bottom);

#endif
