/* dash_test.c — a 破折号 —— prints as one continuous two-em rule.
 *
 * The two U+2014 of a —— are set in two cells; a face whose dash glyph has
 * side bearings leaves a blank between them (Noto Serif CJK: 2 pt at
 * 16 pt).  Every role's face, of the default set and of the TrueType set,
 * composes text with —— on justified lines of several measures; the
 * second dash's ink must begin where the first one's ends.
 *
 * usage: dash_test */
#include <stdio.h>
#include <string.h>

#include "layout/compose.h"
#include "layout/fonts.h"
#include "xxgk_render.h"

static const char text[] = "公开的范围——主动公开和依申请公开——都有扩大，做到应公开尽公开——决不打折扣。";

/* The blank between the two dashes' ink, less the rule the line draws
 * over it (dash_join). */
static int check(const char *set, xxgk_fonts *f, int role, const composition *c,
                 const shaped_text *st, int *checked)
{
    int bad = 0;
    for (size_t i = 0; i + 1 < c->n_units; i++) {
        const cunit *u = &c->units[i], *v = &c->units[i + 1];
        if (u->cp != 0x2014 || v->cp != 0x2014 || u->hidden || v->hidden)
            continue;
        const shaped_cluster *a = &st->clusters[u->cluster], *b = &st->clusters[v->cluster];
        if (a->ink_right <= a->ink_left || b->ink_right <= b->ink_left)
            continue;
        if (v->x < u->x) /* a line break between them */
            continue;
        (*checked)++;
        double end = u->x + u->draw_dx + a->ink_right + u->dash_join;
        double start = v->x + v->draw_dx + b->ink_left;
        if (start > end + 0.05) {
            bad++;
            fprintf(stderr, "FAIL: %s role %d (%s): %.2f pt of blank inside ——\n", set, role,
                    xxgk_fonts_face(f, (xxgk_font_role)role)->family, start - end);
        }
        i++;
    }
    return bad;
}

int main(void)
{
    int failures = 0, checked = 0;
    for (int set = 0; set < 2; set++) {
        xxgk_diags *d = xxgk_diags_new();
        xxgk_fonts *f = xxgk_fonts_load_flags(set ? XXGK_FONTS_TRUETYPE : 0, d);
        if (!f)
            return 1;
        for (int role = 0; role < XXGK_ROLE_COUNT; role++) {
            if (!xxgk_fonts_face(f, (xxgk_font_role)role)->found)
                continue;
            shaped_text st;
            if (xxgk_fonts_shape(f, (xxgk_font_role)role, 16, text, strlen(text), &st) != 0) {
                shaped_text_free(&st);
                continue;
            }
            compose_span span = {role, 16, text, strlen(text), &st};
            for (int k = 0; k < 2 * 12; k++) {
                compose_opts o;
                compose_opts_default(&o, 16 * (10 + 1.5 * (k % 12)) + 3);
                o.cell_ratio = k < 12 ? 0 : 156.0 / 28 * 72 / 25.4 / 16; /* the grid's cell */
                composition c;
                compose_paragraph(&span, 1, &o, &c);
                failures += check(set ? "TrueType" : "default", f, role, &c, &st, &checked);
                composition_free(&c);
            }
            shaped_text_free(&st);
        }
        xxgk_fonts_free(f);
        xxgk_diags_free(d);
    }
    printf("%d —— checked, %d with a blank inside\n", checked, failures);
    return failures || checked == 0 ? 1 : 0;
}
