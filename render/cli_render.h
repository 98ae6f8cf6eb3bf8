/* cli_render.h — the render and fonts commands of the xxgk program. */
#ifndef XXGK_CLI_RENDER_H
#define XXGK_CLI_RENDER_H

#include "xxgk.h"

/* xxgk render REPORT.json -o REPORT.pdf [--png PREFIX] [--png-dpi N] [--draft]
 *             [--layout-dump FILE]
 * argv[0] is "render".  Exit 0: written; 1: check or layout errors (nothing
 * written); 2: usage, unreadable input or a write failure. */
int cli_render(int argc, char **argv);
/* xxgk fonts: the face of each role and whether it is a substitute.
 * Exit 0, or 1 when a role has no face. */
int cli_fonts(int argc, char **argv);
/* Set opts->can_draw so that xxgk check reports characters the fonts
 * cannot draw (the fonts stay loaded until exit). */
void cli_font_check_hook(xxgk_check_options *opts);

#endif
