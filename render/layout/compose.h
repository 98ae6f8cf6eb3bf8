/* compose.h — the Chinese line composer.
 *
 * Input: a paragraph as spans of shaped text (one span per font: a run-in
 * heading in 楷体 then the text in 仿宋).  Output: lines of units (one
 * unit per shaped cluster) with their x positions.
 *
 * Rules (docs/typesetting.md): GB-style line-start/line-end prohibitions with
 * “ ” ‘ ’ as brackets and · as a no-start mark; —— …… and numbers with
 * their units never split; adjacent full-width marks compressed to 1.5 em
 * and a line-end mark to 1/2 em; prohibitions resolved by compressing first
 * (先挤进) and pushing a character down second (后推出); justification by
 * reducing in the order spaces → interpuncts → brackets → ，、；： → Han–Latin
 * gaps → 。？！ and expanding in the order spaces → Han–Latin gaps → all
 * other inter-character gaps; the last line flush left; no single
 * character alone on the last line.
 *
 * On the 公文 grid every full-width character takes one cell (156 mm / 28),
 * so that a full line holds exactly 28 Han characters.
 */
#ifndef XXGK_COMPOSE_H
#define XXGK_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "layout/fonts.h"

typedef enum {
    CC_HAN,   /* ideographs and other full-width letters */
    CC_LATIN, /* letters, digits, Western punctuation */
    CC_SPACE,
    CC_STOP,      /* 。？！ */
    CC_PAUSE,     /* ，、；： */
    CC_OPEN,      /* “ ‘ （ 《 … */
    CC_CLOSE,     /* ” ’ ） 》 … */
    CC_DASH,      /* — */
    CC_ELLIPSIS,  /* … */
    CC_MIDDOT,    /* · */
    CC_CONNECTOR, /* ～ － */
    CC_SOLIDUS,   /* ／ / */
} char_class;

typedef struct {
    int tag;          /* caller's tag (font role) */
    double size;      /* pt */
    const char *text; /* UTF-8 */
    size_t len;
    const shaped_text *shaped; /* shaped text (xxgk_fonts_shape) */
} compose_span;

typedef struct {
    /* input */
    int span;
    size_t cluster;              /* index in the span's shaped clusters */
    size_t byte_start, byte_len; /* within the span's text */
    uint32_t cp;                 /* first code point */
    char_class cls;
    int full;                       /* a full-width (em-box) glyph */
    double natural;                 /* width at natural spacing */
    double glyph_dx;                /* glyph origin within the unit box */
    double blank_left, blank_right; /* compressible blank of a full-width mark */
    int no_break_after;             /* no line break between this unit and the next */
    double break_price;             /* > 0: the total fit may break there anyway, at that price
                                       (第|711号; inside a long Western word) */
    int in_address;                 /* in a URL or e-mail address of 12 or more: may be tracked */
    double em;                      /* size of the unit's font */
    double ink_left, ink_right;     /* of a one-glyph mark, from its origin (0, 0: unknown) */
    /* output */
    double x;       /* left edge, from the start of the line */
    double width;   /* set width */
    double draw_dx; /* glyph origin = x + draw_dx */
    double dash_join; /* the first of a ——: rule to draw from its ink's end to the next's */
    int hidden;     /* a space dropped at a line edge */
    /* work */
    double cut_left, cut_right; /* compression applied */
    double gap;                 /* space after this unit (Han–Latin gap, stretch) */
} cunit;

typedef struct {
    size_t first, count; /* units */
    double indent;       /* pt from the start of the measure */
    double width;        /* from the indent to the end of the last unit */
    double available;    /* measure - indent */
    int last;            /* last line of the paragraph */
    int justified;       /* spread or squeezed to the full measure */
    int overfull;        /* could not be brought within the measure */
    int squeezed;        /* its mid-line ，。、 pushed in: else too loose */
} cline;

typedef struct {
    cunit *units;
    size_t n_units;
    cline *lines;
    size_t n_lines;
    int squeeze_marks; /* work: mid-line 点号 may be pushed in (a loose line's last resort) */
} composition;

typedef struct {
    double measure;      /* pt */
    double first_indent; /* pt, first line */
    double cell_ratio;   /* cell of a full-width character / its size; 0: own advance */
    int justify;         /* 0: every line flush left (titles, cells) */
    int avoid_orphan;    /* no single character alone on the last line */
    double gap_em, gap_min_em, gap_max_em; /* Han–Latin gap */
    double space_min_em, space_max_em;
    /* pt per gap: a line stretched more may push its mid-line ，。、 in to
     * take the next word (0: never; and mid-line marks are always pushed in) */
    double stretch_cap;
} compose_opts;

void compose_opts_default(compose_opts *o, double measure);
char_class compose_class(uint32_t cp);
/* Prohibitions of the GB style. */
int compose_no_start(uint32_t cp);
int compose_no_end(uint32_t cp);

/* Build the units of the spans (shaped). */
void compose_units(const compose_span *spans, size_t n_spans, const compose_opts *o,
                   composition *c);
/* Break and justify.  Returns the number of lines. */
size_t compose_paragraph(const compose_span *spans, size_t n_spans, const compose_opts *o,
                         composition *out);
/* Lines chosen by the caller (titles): the natural width of units a..b
 * set as one line, and appending that line. */
double compose_range_width(composition *c, const compose_opts *o, size_t a, size_t b);
void compose_add_line(composition *c, const compose_opts *o, size_t a, size_t b, double indent,
                      int last);
void composition_free(composition *c);

#endif
