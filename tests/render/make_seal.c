/* make_seal.c — writes a specimen seal for the render tests: a red ring
 * with 样章 ("specimen") in it, on a transparent background.  Deliberately
 * not the look of any agency's seal (no name on the arc, no star).
 *
 * usage: make_seal OUT.png [WIDTH HEIGHT]   (pixels; default 500 × 500;
 * unequal sizes give an oval, to test that the aspect is kept)
 */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: make_seal OUT.png [WIDTH HEIGHT]\n");
        return 2;
    }
    int w = argc == 4 ? atoi(argv[2]) : 500, h = argc == 4 ? atoi(argv[3]) : 500;
    if (w < 50 || h < 50 || w > 4000 || h > 4000) {
        fprintf(stderr, "make_seal: size out of range\n");
        return 2;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    cairo_set_source_rgba(cr, 0.86, 0.08, 0.08, 0.85);
    double m = w < h ? w : h, lw = m * 0.035;
    cairo_save(cr);
    cairo_translate(cr, w / 2.0, h / 2.0);
    cairo_scale(cr, (w - lw) / 2.0, (h - lw) / 2.0);
    cairo_arc(cr, 0, 0, 1, 0, 2 * 3.14159265358979323846);
    cairo_restore(cr);
    cairo_set_line_width(cr, lw);
    cairo_stroke(cr);
    cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, m * 0.2);
    const char *text = "样章";
    cairo_text_extents_t e;
    cairo_text_extents(cr, text, &e);
    /* above the centre, where the agency and the date do not come */
    cairo_move_to(cr, w / 2.0 - e.width / 2 - e.x_bearing, h * 0.36 - e.height / 2 - e.y_bearing);
    cairo_show_text(cr, text);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png(s, argv[1]);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "make_seal: %s\n", cairo_status_to_string(st));
        return 1;
    }
    return 0;
}
