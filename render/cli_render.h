/* cli_render.h — the render and fonts commands of the xxgk program. */
#ifndef XXGK_CLI_RENDER_H
#define XXGK_CLI_RENDER_H

#include "xxgk.h"

/* xxgk render REPORT.json -o REPORT.pdf [--png PREFIX] [--png-dpi N] [--draft]
 *             [--layout-dump FILE] [--backend cairo|haru] [--truetype-fonts]
 *             [--attach-source] [--encrypt [--owner-password-file FILE]]
 * --backend haru resolves the fonts to TrueType faces (as --truetype-fonts
 * or XXGK_TRUETYPE_FONTS=1 do for cairo); --attach-source and --encrypt
 * need it.  The owner password comes from the file's first line or from
 * XXGK_OWNER_PASSWORD, never from an argument.
 * argv[0] is "render".  Exit 0: written; 1: check or layout errors (nothing
 * written); 2: usage, unreadable input or a write failure. */
int cli_render(int argc, char **argv);
/* xxgk fonts [--truetype]: the face of each role and whether it is a
 * substitute (--truetype: as the haru backend resolves them).
 * Exit 0, or 1 when a role has no face. */
int cli_fonts(int argc, char **argv);
/* xxgk extract REPORT.pdf -o REPORT.json [--name source.json]: the source
 * attached by render --attach-source, written atomically.  Exit 0; 1: the
 * PDF has no such attachment; 2: usage, unreadable PDF or a write failure. */
int cli_extract(int argc, char **argv);
/* The owner password for --encrypt: the first line of file, or
 * XXGK_OWNER_PASSWORD when file is NULL.  Never an argument: ps shows every
 * process's arguments.  NULL (after a message) when there is none; free
 * with cli_forget_password. */
char *cli_owner_password(const char *file);
/* Overwrites and frees a password (NULL is fine). */
void cli_forget_password(char *password);
/* The source --attach-source embeds: the input file's bytes, or for a .txt
 * input the JSON its import makes (what render read).  NULL when
 * unreadable (d says why). */
char *cli_source_json(const char *input, size_t *len, xxgk_diags *d);
/* Set opts->can_draw so that xxgk check reports characters the fonts
 * cannot draw (the fonts stay loaded until exit). */
void cli_font_check_hook(xxgk_check_options *opts);

#endif
