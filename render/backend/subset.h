/* subset.h — a face cut down, with HarfBuzz's hb-subset, to the glyphs a
 * document draws, before a PDF backend embeds it.
 *
 * cairo 1.16 subsets CFF fonts itself, but it reads the whole CFF table of
 * the face (tens of MB for a Noto CJK collection) and keeps far more of it
 * than the glyphs need (docs/typesetting.md).  Handing it a font that holds
 * only the drawn glyphs makes its own subsetting cheap and the embedded
 * data small.  Backend-neutral: no cairo here, so another backend (libharu,
 * which needs a TrueType font with a cmap of the characters) can use it.
 */
#ifndef XXGK_SUBSET_H
#define XXGK_SUBSET_H

#include <stddef.h>
#include <stdint.h>

enum {
    /* Keep the glyph ids of the face (unused glyphs left empty); without it
     * glyphs are renumbered 0..n-1 in the order of their old ids and
     * xxgk_subset_glyph maps old ids to new ones. */
    XXGK_SUBSET_RETAIN_GIDS = 1u << 0,
    /* Keep the OpenType layout tables (GSUB, GPOS, GDEF, …) and close the
     * glyph set over GSUB.  Without it they are dropped: a PDF draws glyph
     * ids that are already shaped. */
    XXGK_SUBSET_KEEP_LAYOUT = 1u << 1,
    /* Drop hinting: TrueType instructions and CFF stem hints.  Smaller
     * (about 15 % for Noto CJK), but viewers that hint (Acrobat on screen)
     * would draw small text less crisply than from the original font. */
    XXGK_SUBSET_NO_HINTING = 1u << 2,
    /* Flatten CFF subroutines into the glyphs. */
    XXGK_SUBSET_DESUBROUTINIZE = 1u << 3,
};

typedef struct {
    unsigned char *data; /* an OpenType font (sfnt), malloc'd */
    size_t size;
    /* Glyph id of the subset i ← glyph id of the face old_gids[i]: sorted
     * ascending, old_gids[0] == 0 (.notdef).  With RETAIN_GIDS it lists the
     * glyphs kept and ids are unchanged. */
    uint32_t *old_gids;
    size_t n_glyphs;
    int retain_gids;
} xxgk_font_subset;

/* Subset the face index of file to the glyphs (face glyph ids) and the
 * characters cps (mapped through the face's cmap; the subset's cmap keeps
 * them), either list may be empty.  Deterministic: the same input gives
 * the same bytes.  0, or -1 and *why. */
int xxgk_subset_face(const char *file, int index, const uint32_t *glyphs, size_t n_glyphs,
                     const uint32_t *cps, size_t n_cps, unsigned flags, xxgk_font_subset *out,
                     char **why);

/* The subset's glyph id of face glyph old_gid; 0 (.notdef) when the subset
 * does not hold it. */
uint32_t xxgk_subset_glyph(const xxgk_font_subset *s, uint32_t old_gid);

void xxgk_font_subset_free(xxgk_font_subset *s);

/* Close the font files xxgk_subset_face keeps open between calls (a few
 * faces, mapped; xxgk_fonts_free calls it).  Subsetting after it opens
 * them again. */
void xxgk_subset_release(void);

#endif
