/* ink_test.c — punctuation compression never cuts into a mark's ink.
 *
 * The composer sets a full-width mark to half its width (adjacent marks,
 * a mark at a line end, a squeezed line) by taking away the blank half of
 * its box.  Faces differ in where that blank is: Noto CJK and AR PL KaitiM
 * GB put ，。 at the bottom left as GB style asks, AR PL UMing and
 * WenQuanYi Zen Hei centre them (Taiwan style), and a mark cut there would
 * collide with the next character.  Every role's face, of the default set
 * and of the TrueType set, composes text full of marks at measures that
 * force compression; every mark's ink must stay inside its set box.
 *
 * usage: ink_test */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/compose.h"
#include "layout/fonts.h"
#include "xxgk_render.h"

static const char *const texts[] = {
    "依法公开。“公开为常态”，“不公开为例外”（见《条例》）：申请、答复；处理！完毕？",
    "本年度收到申请（含补正）。《通知》》“回应关切”。",
    "第一，第二、第三；第四：第五。（一）（二）",
};

int main(void)
{
    int failures = 0, checked = 0;
    for (int set = 0; set < 2; set++) {
        xxgk_diags *d = xxgk_diags_new();
        xxgk_fonts *f = xxgk_fonts_load_flags(set ? XXGK_FONTS_TRUETYPE : 0, d);
        if (!f) {
            fprintf(stderr, "no fonts for set %d\n", set);
            return 1;
        }
        for (int role = 0; role < XXGK_ROLE_COUNT; role++) {
            if (!xxgk_fonts_face(f, (xxgk_font_role)role)->found)
                continue;
            for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
                shaped_text st;
                if (xxgk_fonts_shape(f, (xxgk_font_role)role, 16, texts[t], strlen(texts[t]), &st) != 0) {
                    shaped_text_free(&st);
                    continue;
                }
                compose_span span = {role, 16, texts[t], strlen(texts[t]), &st};
                /* measures from loose to tight: lines end everywhere, squeezed */
                for (int k = 0; k < 2 * 25; k++) {
                    double m = 16 * (10 + 0.75 * (k % 25));
                    compose_opts o;
                    compose_opts_default(&o, m);
                    o.cell_ratio = k < 25 ? 0 : 156.0 / 28 * 72 / 25.4 / 16; /* the grid's cell */
                    composition c;
                    compose_paragraph(&span, 1, &o, &c);
                    for (size_t i = 0; i < c.n_units; i++) {
                        const cunit *u = &c.units[i];
                        const shaped_cluster *cl = &st.clusters[u->cluster];
                        if (!(u->blank_left > 0 || u->blank_right > 0) || cl->ink_right <= cl->ink_left)
                            continue;
                        checked++;
                        double ink0 = u->draw_dx + cl->ink_left, ink1 = u->draw_dx + cl->ink_right;
                        if (ink0 < -0.05 || ink1 > u->width + 0.05) {
                            failures++;
                            fprintf(stderr,
                                    "FAIL: %s role %d (%s): U+%04X set %.2f pt wide, its ink at %.2f…%.2f pt\n",
                                    set ? "TrueType" : "default", role,
                                    xxgk_fonts_face(f, (xxgk_font_role)role)->family, u->cp, u->width,
                                    ink0, ink1);
                        }
                    }
                    composition_free(&c);
                }
                shaped_text_free(&st);
            }
        }
        xxgk_fonts_free(f);
        xxgk_diags_free(d);
    }
    printf("%d marks checked, %d cut into their ink\n", checked, failures);
    return failures || checked == 0 ? 1 : 0;
}
